package io.scalableapi.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The real Keycloak of scripts/infra.sh, as tests need it: password-grant tokens through the public client
 * {@code platform-cli}, and the user-service service account to look up and clean up users the tests created.
 */
public final class TestKeycloak {
    public static final String URL = "http://127.0.0.1:8180";
    public static final String REALM = URL + "/realms/platform";
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Cached> TOKENS = new ConcurrentHashMap<>();

    private TestKeycloak() {
    }

    /** An access token for a realm user; reused for a minute (tokens live five). */
    public static String token(String username, String password) {
        Cached cached = TOKENS.get(username + "\n" + password);
        if (cached != null && cached.until > System.currentTimeMillis()) {
            return cached.token;
        }
        String token = requestToken(Map.of("grant_type", "password", "client_id", "platform-cli",
                "username", username, "password", password)).path("access_token").asText();
        TOKENS.put(username + "\n" + password, new Cached(token, System.currentTimeMillis() + 60_000));
        return token;
    }

    public static String alice() {
        return token("alice", "alice-dev-password");
    }

    public static String bob() {
        return token("bob", "bob-dev-password");
    }

    public static String admin() {
        return token("admin", "admin-dev-password");
    }

    /** The {@code sub} of a token, without verifying it (Keycloak issued it to us a moment ago). */
    public static UUID subject(String token) {
        return UUID.fromString(claims(token).path("sub").asText());
    }

    public static JsonNode claims(String token) {
        try {
            return JSON.readTree(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Keycloak user with exactly this username, if any. */
    public static Optional<JsonNode> findUser(String username) {
        JsonNode users = admin("GET", "/users?exact=true&username=" + encode(username)).body;
        return users.size() == 0 ? Optional.empty() : Optional.of(users.get(0));
    }

    /** The Keycloak user with exactly this email, if any. */
    public static Optional<JsonNode> findUserByEmail(String email) {
        JsonNode users = admin("GET", "/users?exact=true&email=" + encode(email)).body;
        return users.size() == 0 ? Optional.empty() : Optional.of(users.get(0));
    }

    /** The account as the admin API shows it (emailVerified, requiredActions, ...). */
    public static JsonNode user(UUID id) {
        return admin("GET", "/users/" + id).body;
    }

    /**
     * Completes the email verification a registration asks for, as following the mail's link does (the journeys
     * follow the real link; here the mail is not the subject).
     */
    public static void markEmailVerified(UUID id) {
        // The whole representation back, changed in two fields: a partial one could drop attributes it omits.
        com.fasterxml.jackson.databind.node.ObjectNode account = (com.fasterxml.jackson.databind.node.ObjectNode) user(id);
        account.put("emailVerified", true);
        account.putArray("requiredActions");
        Answer answer = admin("PUT", "/users/" + id, account.toString());
        if (answer.status != 204) {
            throw new IllegalStateException("Keycloak did not verify " + id + ": " + answer.status);
        }
    }

    /** A password grant's answer: status and body (to see a refusal, which {@link #token} turns into an exception). */
    public static Map.Entry<Integer, String> passwordGrant(String username, String password) {
        String body = "grant_type=password&client_id=platform-cli&username=" + encode(username) + "&password="
                + encode(password);
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(REALM + "/protocol/openid-connect/token"))
                .timeout(TIMEOUT).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        return Map.entry(response.statusCode(), response.body());
    }

    public static int userStatus(UUID id) {
        return admin("GET", "/users/" + id).status;
    }

    /** Removes a user the test created; a user that is already gone is fine. */
    public static void deleteUser(UUID id) {
        admin("DELETE", "/users/" + id);
    }

    private static Answer admin(String method, String path) {
        return admin(method, path, null);
    }

    private static Answer admin(String method, String path, String json) {
        String serviceToken = requestToken(Map.of("grant_type", "client_credentials", "client_id", "user-service",
                "client_secret", "user-service-dev-only-secret")).path("access_token").asText();
        HttpRequest request = HttpRequest.newBuilder(URI.create(URL + "/admin/realms/platform" + path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + serviceToken).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build();
        HttpResponse<String> response = send(request);
        try {
            return new Answer(response.statusCode(),
                    response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body()));
        } catch (IOException e) {
            return new Answer(response.statusCode(), JSON.nullNode());
        }
    }

    private static JsonNode requestToken(Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(REALM + "/protocol/openid-connect/token")).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused a token: " + response.statusCode() + " " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak at " + URL + " is not reachable; run scripts/infra.sh up", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private record Cached(String token, long until) {
    }

    private record Answer(int status, JsonNode body) {
    }
}
