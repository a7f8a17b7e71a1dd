package io.scalableapi.gateway.journeys;

import static io.scalableapi.gateway.journeys.Journey.anonymous;
import static io.scalableapi.gateway.journeys.Journey.withToken;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.scalableapi.gateway.support.KeycloakUsers;
import io.scalableapi.gateway.support.Tokens;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A person registers through the gateway (202, the same answer a taken username or email gets), cannot sign in yet,
 * reads the verification mail Keycloak sent to the local SMTP sink, follows its link, then logs in with Keycloak,
 * reads and changes the profile, exports it and erases the account.
 */
@ExtendWith(RunningPlatform.class)
class PersonLifecycleIT {
    private static final String TOKEN_URL = Tokens.REALM + "/protocol/openid-connect/token";

    @Test
    void registersVerifiesTheEmailUsesExportsAndErasesTheAccount() {
        String username = Journey.unique("journey");
        String email = username + "@example.test";
        String password = "journey-dev-password-" + username.substring(username.length() - 4);
        long registeredAt = System.nanoTime();
        String accepted = register(username, email, password).then().statusCode(202)
                .body("status", equalTo("accepted")).extract().asString();
        String id = KeycloakUsers.idOf(username).orElseThrow(() -> new AssertionError("no account for " + username));

        // Before the link: no token, and the account says why.
        login(username, password).then().statusCode(400).body("error", equalTo("invalid_grant"));
        assertEquals(Boolean.FALSE, KeycloakUsers.account(id).getBoolean("emailVerified"));

        // Registering the same username or the same email again tells nothing: the same answer, nothing changes.
        String other = Journey.unique("journey");
        assertEquals(accepted, register(username, other + "@example.test", password + "-x").then().statusCode(202)
                .extract().asString(), "a taken username answers as a fresh one");
        assertEquals(accepted, register(other, email, password + "-y").then().statusCode(202).extract().asString(),
                "a taken email answers as a fresh one");
        assertTrue(KeycloakUsers.idOf(other).isEmpty(), "no account for the taken email's username");

        String link = MailSink.verificationLink(email, 60_000);
        long mailMs = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - registeredAt);
        String page = MailSink.follow(link);
        assertEquals(Boolean.TRUE, KeycloakUsers.account(id).getBoolean("emailVerified"),
                "following the mail's link verified the address; Keycloak showed: " + page);
        Figures.record("registration verified by mail", String.format("202 for fresh, taken username and taken email "
                + "(same body); no token before the link; verification mail in the sink %d ms after the request; "
                + "link followed, then signed in", mailMs));

        String token = login(username, password).then().statusCode(200).extract().path("access_token");

        var me = withToken(token).get("/api/v1/users/me").then().statusCode(200)
                .header("Cache-Control", containsString("no-store"))
                .body("id", equalTo(id)).body("email", equalTo(email))
                .body("displayName", equalTo("Journey Person")).extract();
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

    private static io.restassured.response.Response register(String username, String email, String password) {
        return anonymous().contentType(ContentType.JSON)
                .body(Map.of("username", username, "email", email, "password", password,
                        "displayName", "Journey Person", "locale", "en"))
                .post("/api/v1/users/registrations");
    }

    private static io.restassured.response.Response login(String username, String password) {
        return RestAssured.given().contentType(ContentType.URLENC)
                .formParam("grant_type", "password").formParam("client_id", "platform-cli")
                .formParam("username", username).formParam("password", password)
                .post(TOKEN_URL);
    }
}
