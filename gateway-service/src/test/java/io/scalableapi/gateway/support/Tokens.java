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
    /** Tokens live 5 minutes in the realm: reuse one until a minute before it expires (journeys run longer). */
    private static final Map<String, Issued> CACHE = new ConcurrentHashMap<>();
    private static final long RENEW_BEFORE_EXPIRY_MS = 60_000;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern EXPIRES_IN = Pattern.compile("\"expires_in\"\\s*:\\s*(\\d+)");

    private Tokens() {
    }

    public static String of(String user) {
        return cached(user, () -> request("grant_type=password&client_id=platform-cli&username=" + user
                + "&password=" + URLEncoder.encode(PASSWORDS.get(user), StandardCharsets.UTF_8)));
    }

    /** A newly issued token no test has presented yet (not the reused one of {@link #of}). */
    public static String fresh(String user) {
        return request("grant_type=password&client_id=platform-cli&username=" + user
                + "&password=" + URLEncoder.encode(PASSWORDS.get(user), StandardCharsets.UTF_8)).token();
    }

    /** A client-credentials token of the confidential gateway client's service account. */
    public static String serviceAccount() {
        return cached("service-account",
                () -> request("grant_type=client_credentials&client_id=gateway&client_secret=gateway-dev-only-secret"));
    }

    /** Forgets the issued tokens, e.g. after Keycloak restarted with new signing keys. */
    public static void forget() {
        CACHE.clear();
    }

    private static String cached(String key, java.util.function.Supplier<Issued> issue) {
        return CACHE.compute(key, (k, held) -> held != null
                && held.expiresAtMs() - RENEW_BEFORE_EXPIRY_MS > System.currentTimeMillis() ? held : issue.get()).token();
    }

    private record Issued(String token, long expiresAtMs) {
    }

    private static Issued request(String form) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(REALM + "/protocol/openid-connect/token"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = ACCESS_TOKEN.matcher(response.body());
            if (response.statusCode() != 200 || !m.find()) {
                throw new IllegalStateException("Keycloak gave no token: " + response.statusCode() + " " + response.body());
            }
            Matcher expires = EXPIRES_IN.matcher(response.body());
            long lifetimeMs = expires.find() ? Long.parseLong(expires.group(1)) * 1000 : RENEW_BEFORE_EXPIRY_MS;
            return new Issued(m.group(1), System.currentTimeMillis() + lifetimeMs);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Keycloak at " + REALM + " is not reachable (scripts/infra.sh up keycloak)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
