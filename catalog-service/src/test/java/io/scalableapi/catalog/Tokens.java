package io.scalableapi.catalog;

import static io.restassured.RestAssured.given;

import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.ConfigProvider;

/** Access tokens of the realm's dev users from the real Keycloak (password grant on the public CLI client). */
public final class Tokens {
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private Tokens() {
    }

    public static String admin() {
        return of("admin", "admin-dev-password");
    }

    public static String alice() {
        return of("alice", "alice-dev-password");
    }

    /** Tokens live for minutes; one per user is enough for a test run. */
    public static String of(String user, String password) {
        return CACHE.computeIfAbsent(user, u -> fresh(u, password));
    }

    /** A newly issued token no test has presented yet. */
    public static String fresh(String user, String password) {
        return given()
                .formParam("grant_type", "password").formParam("client_id", "platform-cli")
                .formParam("username", user).formParam("password", password).formParam("scope", "openid")
                .post(authServerUrl() + "/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    static String authServerUrl() {
        try {
            return ConfigProvider.getConfig().getValue("quarkus.oidc.auth-server-url", String.class);
        } catch (RuntimeException | LinkageError e) {
            // Integration tests run outside Quarkus: read the packaged configuration itself.
            Properties p = new Properties();
            try (InputStream in = Tokens.class.getClassLoader().getResourceAsStream("application.properties")) {
                p.load(in);
            } catch (Exception io) {
                throw new IllegalStateException("No application.properties on the test classpath", io);
            }
            return p.getProperty("quarkus.oidc.auth-server-url");
        }
    }
}
