package io.scalableapi.user.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.scalableapi.user.NewUsers;
import io.scalableapi.user.TestKeycloak;
import io.scalableapi.user.UserEventsOnKafka;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code DELETE /api/v1/users/me}: the profile is gone for the still-valid token, the login is gone, UserDeleted is on Kafka. */
@QuarkusTest
class ErasureResourceTest {
    private final NewUsers users = new NewUsers();

    @AfterEach
    void removeCreatedUsers() {
        users.cleanUp();
    }

    @Test
    void erasureRemovesProfileAndLoginAndPublishesUserDeleted() throws Exception {
        NewUsers.Person person = NewUsers.person();
        UUID id = users.registered(person);
        String token = person.token();
        given().auth().oauth2(token).get("/api/v1/users/me").then().statusCode(200).body("version", equalTo(1));

        given().auth().oauth2(token).delete("/api/v1/users/me").then().statusCode(204)
                .header("Cache-Control", "private, no-store");

        // The access token stays valid until it expires; the profile must not come back from it.
        given().auth().oauth2(token).get("/api/v1/users/me").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(TestKeycloak.admin()).get("/api/v1/users/" + id).then().statusCode(404);
        assertEquals(404, TestKeycloak.userStatus(id), "the Keycloak user is removed");

        ConsumerRecord<String, String> event = UserEventsOnKafka
                .find(id, "io.scalableapi.user.deleted.v1", Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no UserDeleted event for " + id + " within 30 s"));
        JsonNode data = new ObjectMapper().readTree(event.value());
        assertEquals(id.toString(), data.path("userId").asText());
        assertEquals(2, data.path("version").asLong(), "last profile version plus one");
        assertEquals("users/" + id, UserEventsOnKafka.header(event, "ce_subject"));
        assertEquals("1.0", UserEventsOnKafka.header(event, "ce_specversion"));
    }

    @Test
    void erasureWithAStaleIfMatchIsRefusedAndKeepsEverything() {
        NewUsers.Person person = NewUsers.person();
        UUID id = users.registered(person);
        String token = person.token();

        given().auth().oauth2(token).header("If-Match", "\"5\"").delete("/api/v1/users/me").then().statusCode(412)
                .contentType("application/problem+json");
        given().auth().oauth2(token).get("/api/v1/users/me").then().statusCode(200);
        assertTrue(TestKeycloak.findUser(person.username()).isPresent());
        assertEquals(200, TestKeycloak.userStatus(id));
    }
}
