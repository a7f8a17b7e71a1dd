package io.scalableapi.user.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.scalableapi.contracts.user.UserEventTypes;
import io.scalableapi.defaults.outbox.OutboxRelay;
import io.scalableapi.user.NewUsers;
import io.scalableapi.user.UserEventsOnKafka;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 9: events still waiting in the outbox when the person is erased are redacted, not published later with
 * their data. The test holds the relay's lock, so the registration's and the change's events are still pending when
 * the erasure commits; once it lets go, the relay publishes them, redacted.
 */
@QuarkusTest
class PendingOutboxRedactedOnErasureResourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET_NAME = "Secret Name " + UUID.randomUUID();

    @Inject
    AgroalDataSource db;

    private final NewUsers users = new NewUsers();

    @AfterEach
    void removeCreatedUsers() {
        users.cleanUp();
    }

    @Test
    void pendingEventsLoseThePersonsDataAtErasure() throws Exception {
        NewUsers.Person person = NewUsers.person();
        Map<String, JsonNode> pending;
        UUID id;
        try (Connection relayHeld = db.getConnection()) {
            relayHeld.setAutoCommit(false);
            try (PreparedStatement s = relayHeld.prepareStatement("select pg_advisory_xact_lock(?)")) {
                s.setLong(1, OutboxRelay.RELAY_LOCK);
                s.execute();
            }
            id = users.registered(person);
            String token = person.token();
            given().auth().oauth2(token).header("If-Match", "\"1\"").contentType(ContentType.JSON)
                    .body(Map.of("displayName", SECRET_NAME, "locale", "en", "marketingConsent", true))
                    .put("/api/v1/users/me").then().statusCode(200);
            given().auth().oauth2(token).delete("/api/v1/users/me").then().statusCode(204);
            pending = pendingEvents(id);
            relayHeld.rollback();
        }

        assertEquals(3, pending.size(), "registered, profile-updated and deleted were all still pending: " + pending);
        for (JsonNode payload : pending.values()) {
            String text = payload.toString();
            assertFalse(text.contains(person.username()), "no username in a pending event: " + text);
            assertFalse(text.contains(SECRET_NAME), "no display name in a pending event: " + text);
        }
        JsonNode registered = pending.get(UserEventTypes.REGISTERED);
        assertTrue(registered.path("username").isNull() && registered.path("displayName").isNull(),
                registered.toString());
        assertEquals(1, registered.path("version").asLong(), "what consumers order by is kept");
        JsonNode updated = pending.get(UserEventTypes.PROFILE_UPDATED);
        assertTrue(updated.path("displayName").isNull(), updated.toString());
        assertEquals(2, updated.path("version").asLong());

        // Released, the relay publishes them: the registration reaches Kafka without the person's name.
        ConsumerRecord<String, String> published = UserEventsOnKafka.find(id, UserEventTypes.REGISTERED,
                Duration.ofSeconds(30)).orElseThrow(() -> new AssertionError("UserRegistered not published"));
        assertFalse(published.value().contains(person.username()), published.value());
    }

    private Map<String, JsonNode> pendingEvents(UUID id) throws Exception {
        Map<String, JsonNode> events = new LinkedHashMap<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "select event_type, payload::text from outbox_event where message_key = ? and published_at is null")) {
            s.setString(1, id.toString());
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    events.put(r.getString(1), JSON.readTree(r.getString(2)));
                }
            }
        }
        return events;
    }
}
