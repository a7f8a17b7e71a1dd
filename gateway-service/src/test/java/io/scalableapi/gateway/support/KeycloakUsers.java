package io.scalableapi.gateway.support;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Accounts of the platform realm as tests need to see them, through Keycloak's admin API as the service account of
 * the confidential client {@code user-service} (DEV ONLY secret), which may manage users. Registration answers 202
 * without an id whatever happened: a test finds the account it made here.
 */
public final class KeycloakUsers {
    private static final String ADMIN = "http://127.0.0.1:8180/admin/realms/platform";

    private KeycloakUsers() {
    }

    /** The id of the account with exactly this username, if there is one. */
    public static Optional<String> idOf(String username) {
        List<Map<String, Object>> found = admin().queryParam("exact", true).queryParam("username", username)
                .get(ADMIN + "/users").then().statusCode(200).extract().jsonPath().getList("$");
        return found.isEmpty() ? Optional.empty() : Optional.of(String.valueOf(found.get(0).get("id")));
    }

    /** The account as the admin API shows it (emailVerified, requiredActions, ...). */
    public static JsonPath account(String id) {
        return admin().get(ADMIN + "/users/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static io.restassured.specification.RequestSpecification admin() {
        String token = RestAssured.given().contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials").formParam("client_id", "user-service")
                .formParam("client_secret", "user-service-dev-only-secret")
                .post(Tokens.REALM + "/protocol/openid-connect/token").then().statusCode(200).extract().path("access_token");
        return RestAssured.given().auth().oauth2(token);
    }
}
