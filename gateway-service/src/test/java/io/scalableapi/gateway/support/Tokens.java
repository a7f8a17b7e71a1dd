package io.scalableapi.gateway.support;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Real access tokens from the platform realm of the running Keycloak (dev users, DEV ONLY passwords). */
public final class Tokens {

    public static final String REALM = "http://127.0.0.1:8180/realms/platform";
    private static final Map<String, String> PASSWORDS = Map.of("alice", "alice-dev-password", "bob", "bob-dev-password",
            "admin", "admin-dev-password");
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    private Tokens() {
    }

    public static String of(String user) {
        return CACHE.computeIfAbsent(user, u -> request("grant_type=password&client_id=platform-cli&username=" + u
                + "&password=" + URLEncoder.encode(PASSWORDS.get(u), StandardCharsets.UTF_8)));
    }

    /** A client-credentials token of the confidential gateway client's service account. */
    public static String serviceAccount() {
        return CACHE.computeIfAbsent("service-account",
                u -> request("grant_type=client_credentials&client_id=gateway&client_secret=gateway-dev-only-secret"));
    }

    private static String request(String form) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(REALM + "/protocol/openid-connect/token"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = ACCESS_TOKEN.matcher(response.body());
            if (response.statusCode() != 200 || !m.find()) {
                throw new IllegalStateException("Keycloak gave no token: " + response.statusCode() + " " + response.body());
            }
            return m.group(1);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Keycloak at " + REALM + " is not reachable (scripts/infra.sh up keycloak)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
