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
 * one it registered when {@link #cleanUp()} runs.
 */
public final class NewUsers {
    private final List<UUID> created = new ArrayList<>();

    /** A fresh, valid registration body. */
    public static Person person() {
        String suffix = UUID.randomUUID().toString().substring(0, 12);
        String username = "test-" + suffix;
        return new Person(username, username + "@example.test", "pw-" + UUID.randomUUID());
    }

    /** POSTs a registration and remembers the user for clean-up when it was created. */
    public Response register(Map<String, Object> body) {
        Response response = given().contentType(ContentType.JSON).body(body)
                .post("/api/v1/users/registrations");
        if (response.statusCode() == 201) {
            created.add(UUID.fromString(response.path("id")));
        }
        return response;
    }

    /** Registers a person and returns their id; fails the test when registration does not answer 201. */
    public UUID registered(Person p) {
        Response response = register(p.body());
        if (response.statusCode() != 201) {
            throw new AssertionError("Registration failed: " + response.statusCode() + " " + response.asString());
        }
        return UUID.fromString(response.path("id"));
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
