package io.scalableapi.cache.support;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Real access tokens from the local Keycloak (password grant of the public CLI client, dev users only). */
public final class Tokens {
    private static final String TOKEN_URL = "http://127.0.0.1:8180/realms/platform/protocol/openid-connect/token";
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private Tokens() {
    }

    public static String admin() {
        return token("admin", "admin-dev-password");
    }

    public static String alice() {
        return token("alice", "alice-dev-password");
    }

    private static String token(String user, String password) {
        // Tokens live five minutes; one test class finishes well within that.
        return CACHE.computeIfAbsent(user, u -> given().formParam("grant_type", "password")
                .formParam("client_id", "platform-cli").formParam("username", u).formParam("password", password)
                .post(TOKEN_URL).then().statusCode(200).extract().path("access_token"));
    }
}
