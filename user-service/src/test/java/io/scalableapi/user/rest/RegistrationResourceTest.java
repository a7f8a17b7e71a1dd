package io.scalableapi.user.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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

/**
 * Registration against the real Keycloak: 202 whatever the outcome; a new person cannot sign in before the email is
 * verified, then signs in with role user and uses the profile made from the registration; a taken username or email
 * changes nothing.
 */
@QuarkusTest
class RegistrationResourceTest {
    private final NewUsers users = new NewUsers();

    @AfterEach
    void removeCreatedUsers() {
        users.cleanUp();
    }

    @Test
    void registeredPersonSignsInOnlyAfterVerifyingTheEmailThenReadsAndUpdatesTheirProfile() throws Exception {
        NewUsers.Person person = NewUsers.person();
        users.register(person.body()).then().statusCode(202)
                .header("Cache-Control", "no-store")
                .header("Location", nullValue())
                .body("status", equalTo("accepted"))
                .body("id", nullValue());
        UUID uuid = NewUsers.accountOf(person.body()).orElseThrow(() -> new AssertionError("no Keycloak account"));
        String id = uuid.toString();
        JsonNode account = TestKeycloak.user(uuid);
        assertEquals(false, account.path("emailVerified").asBoolean(true));
        assertTrue(account.path("requiredActions").toString().contains("VERIFY_EMAIL"), account.toString());

        var refused = TestKeycloak.passwordGrant(person.username(), person.password());
        assertEquals(400, refused.getKey(), "no token before the email is verified: " + refused.getValue());
        assertTrue(refused.getValue().contains("invalid_grant"), refused.getValue());

        TestKeycloak.markEmailVerified(uuid);
        String token = person.token();
        assertEquals(id, TestKeycloak.subject(token).toString());
        assertTrue(TestKeycloak.claims(token).path("realm_access").path("roles").toString().contains("\"user\""),
                "registered users get realm role user");

        given().auth().oauth2(token).get("/api/v1/users/me").then().statusCode(200)
                .header("ETag", "\"1\"").header("Cache-Control", "private, no-store")
                .body("id", equalTo(id)).body("username", equalTo(person.username()))
                .body("email", equalTo(person.email()))
                .body("displayName", equalTo("Test " + person.username()))
                .body("locale", equalTo("de-CH"))
                .body("marketingConsent", equalTo(true))
                .body("version", equalTo(1));

        given().auth().oauth2(token).header("If-Match", "\"1\"").contentType(ContentType.JSON)
                .body(Map.of("displayName", "Renamed", "locale", "fr", "marketingConsent", false,
                        "preferences", Map.of("theme", "dark")))
                .put("/api/v1/users/me").then().statusCode(200)
                .header("ETag", "\"2\"")
                .body("displayName", equalTo("Renamed")).body("preferences.theme", equalTo("dark"))
                .body("marketingConsent", equalTo(false)).body("version", equalTo(2));

        given().auth().oauth2(token).get("/api/v1/users/me").then().statusCode(200)
                .header("ETag", "\"2\"").body("displayName", equalTo("Renamed")).body("locale", equalTo("fr"));

        var registered = UserEventsOnKafka.find(uuid, "io.scalableapi.user.registered.v1",
                Duration.ofSeconds(30)).orElseThrow(() -> new AssertionError("no UserRegistered event within 30 s"));
        JsonNode data = new ObjectMapper().readTree(registered.value());
        assertEquals("registration", data.path("via").asText());
        assertEquals(1, data.path("version").asLong());

        var updated = UserEventsOnKafka.find(uuid, "io.scalableapi.user.profile-updated.v1",
                Duration.ofSeconds(30)).orElseThrow(() -> new AssertionError("no UserProfileUpdated event within 30 s"));
        JsonNode change = new ObjectMapper().readTree(updated.value());
        assertEquals(2, change.path("version").asLong());
        assertTrue(change.path("changedFields").toString().contains("displayName"), change.toString());
        assertTrue(!registered.value().contains(person.email()), "events carry no email");
    }

    @Test
    void takenUsernameChangesNothingAndLeavesTheFirstAccountAlone() {
        NewUsers.Person first = NewUsers.person();
        UUID firstId = users.registered(first);
        Map<String, Object> again = new HashMap<>(NewUsers.person().body());
        again.put("username", first.username());

        users.register(again).then().statusCode(202).body("status", equalTo("accepted"));
        assertEquals(first.email(), TestKeycloak.user(firstId).path("email").asText());
        assertTrue(TestKeycloak.findUserByEmail(String.valueOf(again.get("email"))).isEmpty(), "no second account");
        assertNotNull(first.token(), "the first person still signs in with their own password");
    }

    @Test
    void takenEmailChangesNothing() {
        NewUsers.Person first = NewUsers.person();
        users.registered(first);
        Map<String, Object> again = new HashMap<>(NewUsers.person().body());
        again.put("email", first.email());

        users.register(again).then().statusCode(202).body("status", equalTo("accepted"));
        assertTrue(TestKeycloak.findUser(String.valueOf(again.get("username"))).isEmpty(), "no second account");
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
