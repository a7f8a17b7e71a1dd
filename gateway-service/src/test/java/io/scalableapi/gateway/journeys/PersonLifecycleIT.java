package io.scalableapi.gateway.journeys;

import static io.scalableapi.gateway.journeys.Journey.anonymous;
import static io.scalableapi.gateway.journeys.Journey.withToken;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.scalableapi.gateway.support.Tokens;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A person registers, logs in with Keycloak, reads and changes the profile, exports it and erases the account. */
@ExtendWith(RunningPlatform.class)
class PersonLifecycleIT {
    private static final String TOKEN_URL = Tokens.REALM + "/protocol/openid-connect/token";

    @Test
    void registersUsesExportsAndErasesTheAccount() {
        String username = Journey.unique("journey");
        String password = "journey-dev-password-" + username.substring(username.length() - 4);
        anonymous().contentType(ContentType.JSON)
                .body(Map.of("username", username, "email", username + "@example.test", "password", password,
                        "displayName", "Journey Person", "locale", "en"))
                .post("/api/v1/users/registrations").then().statusCode(201);

        String token = login(username, password).then().statusCode(200).extract().path("access_token");

        var me = withToken(token).get("/api/v1/users/me").then().statusCode(200)
                .header("Cache-Control", containsString("no-store"))
                .body("email", equalTo(username + "@example.test")).extract();
        String etag = me.header("ETag");

        String newEtag = withToken(token).contentType(ContentType.JSON).header("If-Match", etag)
                .body(Map.of("displayName", "Renamed Person", "locale", "de", "marketingConsent", true))
                .put("/api/v1/users/me").then().statusCode(200).body("displayName", equalTo("Renamed Person"))
                .extract().header("ETag");
        assertNotEquals(etag, newEtag, "an update gives the profile a new ETag");
        withToken(token).contentType(ContentType.JSON).header("If-Match", etag)
                .body(Map.of("displayName", "Stale", "locale", "de", "marketingConsent", false))
                .put("/api/v1/users/me").then().statusCode(412).contentType("application/problem+json");

        withToken(token).get("/api/v1/users/me/export").then().statusCode(200)
                .body(containsString("Renamed Person"));

        withToken(token).delete("/api/v1/users/me").then().statusCode(204);
        login(username, password).then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(400), equalTo(401)));
    }

    private static io.restassured.response.Response login(String username, String password) {
        return RestAssured.given().contentType(ContentType.URLENC)
                .formParam("grant_type", "password").formParam("client_id", "platform-cli")
                .formParam("username", username).formParam("password", password)
                .post(TOKEN_URL);
    }
}
