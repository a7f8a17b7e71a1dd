package io.scalableapi.user.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.scalableapi.user.NewUsers;
import io.scalableapi.user.TestKeycloak;
import io.scalableapi.user.UserEventsOnKafka;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Registration against the real Keycloak: a new person can sign in and use their profile; clashes are 409. */
@QuarkusTest
class RegistrationResourceTest {
    private final NewUsers users = new NewUsers();

    @AfterEach
    void removeCreatedUsers() {
        users.cleanUp();
    }

    @Test
    void registeredPersonSignsInWithRoleUserAndReadsAndUpdatesTheirProfile() throws Exception {
        NewUsers.Person person = NewUsers.person();
        var created = users.register(person.body());
        created.then().statusCode(201)
                .header("Cache-Control", "private, no-store")
                .header("ETag", "\"1\"")
                .body("username", equalTo(person.username()))
                .body("email", equalTo(person.email()))
                .body("displayName", equalTo("Test " + person.username()))
                .body("locale", equalTo("de-CH"))
                .body("marketingConsent", equalTo(true))
                .body("version", equalTo(1));
        String id = created.path("id");
        assertTrue(created.header("Location").endsWith("/api/v1/users/" + id), created.header("Location"));

        String token = person.token();
        assertEquals(id, TestKeycloak.subject(token).toString());
        assertTrue(TestKeycloak.claims(token).path("realm_access").path("roles").toString().contains("\"user\""),
                "registered users get realm role user");

        given().auth().oauth2(token).get("/api/v1/users/me").then().statusCode(200)
                .header("ETag", "\"1\"").header("Cache-Control", "private, no-store")
                .body("id", equalTo(id)).body("username", equalTo(person.username()));

        given().auth().oauth2(token).header("If-Match", "\"1\"").contentType(ContentType.JSON)
                .body(Map.of("displayName", "Renamed", "locale", "fr", "marketingConsent", false,
                        "preferences", Map.of("theme", "dark")))
                .put("/api/v1/users/me").then().statusCode(200)
                .header("ETag", "\"2\"")
                .body("displayName", equalTo("Renamed")).body("preferences.theme", equalTo("dark"))
                .body("marketingConsent", equalTo(false)).body("version", equalTo(2));

        given().auth().oauth2(token).get("/api/v1/users/me").then().statusCode(200)
                .header("ETag", "\"2\"").body("displayName", equalTo("Renamed")).body("locale", equalTo("fr"));

        var registered = UserEventsOnKafka.find(UUID.fromString(id), "io.scalableapi.user.registered.v1",
                Duration.ofSeconds(30)).orElseThrow(() -> new AssertionError("no UserRegistered event within 30 s"));
        JsonNode data = new ObjectMapper().readTree(registered.value());
        assertEquals("registration", data.path("via").asText());
        assertEquals(1, data.path("version").asLong());

        var updated = UserEventsOnKafka.find(UUID.fromString(id), "io.scalableapi.user.profile-updated.v1",
                Duration.ofSeconds(30)).orElseThrow(() -> new AssertionError("no UserProfileUpdated event within 30 s"));
        JsonNode change = new ObjectMapper().readTree(updated.value());
        assertEquals(2, change.path("version").asLong());
        assertTrue(change.path("changedFields").toString().contains("displayName"), change.toString());
        assertTrue(!registered.value().contains(person.email()), "events carry no email");
    }

    @Test
    void takenUsernameIsConflictAndLeavesTheFirstAccountAlone() {
        NewUsers.Person first = NewUsers.person();
        UUID firstId = users.registered(first);
        Map<String, Object> again = new HashMap<>(NewUsers.person().body());
        again.put("username", first.username());

        users.register(again).then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://scalableapi.io/problems/conflict"));
        assertEquals(200, TestKeycloak.userStatus(firstId));
    }

    @Test
    void takenEmailIsConflict() {
        NewUsers.Person first = NewUsers.person();
        users.registered(first);
        Map<String, Object> again = new HashMap<>(NewUsers.person().body());
        again.put("email", first.email());

        users.register(again).then().statusCode(409).contentType("application/problem+json")
                .body("status", equalTo(409));
    }

    @Test
    void weakPasswordIsRejectedNamingThePasswordAndCreatesNoAccount() {
        NewUsers.Person person = NewUsers.person();
        Map<String, Object> body = new HashMap<>(person.body());
        body.put("password", "short");

        users.register(body).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("password"))
                .body("errors.message", hasItem(startsWith("Invalid password: minimum length")));
        assertTrue(TestKeycloak.findUser(person.username()).isEmpty(), "no half-made Keycloak user");
    }

    @Test
    void passwordEqualToTheUsernameIsRejectedByTheRealmPolicy() {
        NewUsers.Person person = NewUsers.person();
        Map<String, Object> body = new HashMap<>(person.body());
        body.put("password", person.username());

        users.register(body).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("password"));
        assertTrue(TestKeycloak.findUser(person.username()).isEmpty());
    }
}
