package io.scalableapi.user;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Registers people with unique names (the Keycloak realm is shared with other runs) and removes from Keycloak every
 * one it registered when {@link #cleanUp()} runs. Registration answers 202 without an id whatever happened, so the
 * account is found in Keycloak by username and email.
 */
public final class NewUsers {
    private final List<UUID> created = new ArrayList<>();

    /** A fresh, valid registration body. */
    public static Person person() {
        String suffix = UUID.randomUUID().toString().substring(0, 12);
        String username = "test-" + suffix;
        return new Person(username, username + "@example.test", "pw-" + UUID.randomUUID());
    }

    /** POSTs a registration and remembers the user for clean-up when this request created it. */
    public Response register(Map<String, Object> body) {
        Response response = given().contentType(ContentType.JSON).body(body)
                .post("/api/v1/users/registrations");
        if (response.statusCode() == 202) {
            accountOf(body).filter(id -> !created.contains(id)).ifPresent(created::add);
        }
        return response;
    }

    /** The account a registration body made: the user with its username and its email (not someone else's). */
    public static java.util.Optional<UUID> accountOf(Map<String, Object> body) {
        String email = String.valueOf(body.get("email")).strip().toLowerCase(java.util.Locale.ROOT);
        return TestKeycloak.findUser(String.valueOf(body.get("username")))
                .filter(u -> email.equals(u.path("email").asText()))
                .map(u -> UUID.fromString(u.path("id").asText()));
    }

    /**
     * Registers a person, completes the email verification through the admin API (the mail is not these tests'
     * subject; the journeys follow the real link) and returns their id; fails the test when no account was made.
     */
    public UUID registered(Person p) {
        Response response = register(p.body());
        UUID id = accountOf(p.body()).orElseThrow(() -> new AssertionError(
                "Registration made no account: " + response.statusCode() + " " + response.asString()));
        TestKeycloak.markEmailVerified(id);
        return id;
    }

    public void cleanUp() {
        created.forEach(TestKeycloak::deleteUser);
        created.clear();
    }

    public record Person(String username, String email, String password) {
        public Map<String, Object> body() {
            return Map.of("username", username, "email", email, "password", password, "displayName", "Test " + username,
                    "locale", "de-CH", "marketingConsent", true);
        }

        public String token() {
            return TestKeycloak.token(username, password);
        }
    }
}
