package io.scalableapi.catalog;

import static io.restassured.RestAssured.given;
import static io.scalableapi.catalog.CatalogFixtures.product;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.scalableapi.contracts.events.CloudEventHeaders;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The trace of a write travels with its event: the outbox row stores the request's W3C trace context, and the record
 * the relay publishes carries the context of its publish span, in the same trace (service-defaults, "Tracing").
 */
@QuarkusTest
class OutboxTraceResourceTest {

    @Inject
    AgroalDataSource db;

    @Test
    void aSampledRequestsTraceGoesOnFromTheRowToTheKafkaRecord() throws Exception {
        String traceId = hex(32);
        String clientSpan = hex(16);
        Published published = write("00-" + traceId + "-" + clientSpan + "-01");

        String stored = published.storedTraceparent();
        assertTrue(stored.matches("00-" + traceId + "-[0-9a-f]{16}-01"), "the row keeps the request's trace: " + stored);
        assertNotEquals(clientSpan, stored.split("-")[2], "the service's own span, a child of the client's");
        String onRecord = published.recordTraceparent();
        assertTrue(onRecord.matches("00-" + traceId + "-[0-9a-f]{16}-01"), "the record continues it: " + onRecord);
        assertNotEquals(stored.split("-")[2], onRecord.split("-")[2], "the publish span's own context, not the row's");
    }

    @Test
    void anUnsampledRequestsEventStaysUnsampled() throws Exception {
        String traceId = hex(32);
        Published published = write("00-" + traceId + "-" + hex(16) + "-00");
        assertTrue(published.storedTraceparent().matches("00-" + traceId + "-[0-9a-f]{16}-00"),
                published.storedTraceparent());
        assertTrue(published.recordTraceparent().matches("00-" + traceId + "-[0-9a-f]{16}-00"),
                published.recordTraceparent());
    }

    private record Published(String storedTraceparent, String recordTraceparent) {
    }

    private Published write(String traceparent) throws Exception {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (CatalogTopic topic = CatalogTopic.open(bootstrap, false)) {
            String category = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                    .body(Map.of("name", "traced-" + UUID.randomUUID())).post("/api/v1/categories")
                    .then().statusCode(201).extract().path("id");
            String id = given().auth().oauth2(Tokens.admin()).header("traceparent", traceparent)
                    .contentType(ContentType.JSON).body(product(category, "Traced", "1.00")).post("/api/v1/products")
                    .then().statusCode(201).extract().path("id");
            List<CatalogTopic.Event> events = topic.collect(Set.of(id), l -> !l.isEmpty(), Duration.ofSeconds(60));
            assertEquals(1, events.stream().filter(e -> e.key().equals(id)).count(), "the product's created event");
            CatalogTopic.Event created = events.get(0);
            return new Published(storedTraceparent(created.header(CloudEventHeaders.ID)), created.header("traceparent"));
        }
    }

    private String storedTraceparent(String eventId) throws Exception {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("select trace_parent from outbox_event where event_id = ?")) {
            s.setObject(1, UUID.fromString(eventId));
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next(), "the outbox row of event " + eventId);
                return r.getString(1);
            }
        }
    }

    private static String hex(int digits) {
        StringBuilder b = new StringBuilder("a");
        ThreadLocalRandom r = ThreadLocalRandom.current();
        while (b.length() < digits) {
            b.append(Character.forDigit(r.nextInt(16), 16));
        }
        return b.toString();
    }
}
