package io.scalableapi.catalog;

import static io.restassured.RestAssured.given;
import static io.scalableapi.catalog.CatalogFixtures.product;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.scalableapi.contracts.catalog.CatalogEventTypes;
import io.scalableapi.contracts.events.CloudEventHeaders;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Kafka outage: the packaged service runs with its outbox relay pointed at a dead broker (a port nothing listens on;
 * the shared broker is never stopped). Writes succeed and their events wait in the outbox; after a restart against
 * the live broker every event is in the topic exactly once, each product's events in order.
 *
 * <p>Both runs use a schema of their own in the test database: other processes on this machine run the catalog
 * against the same database, and their relays (live broker) would otherwise publish the outage's rows.
 */
class KafkaOutageIT {
    private static final String SCHEMA = "outage_it_" + UUID.randomUUID().toString().substring(0, 8);
    private static final String URL = PackagedCatalog.config("quarkus.datasource.jdbc.url");

    @AfterAll
    static void dropSchema() throws Exception {
        try (Connection c = connect(URL); Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    @Test
    void writesDuringAnOutageAreDeliveredExactlyOnceAfterwards() throws Exception {
        String bootstrap = PackagedCatalog.config("kafka.bootstrap.servers");
        int deadBroker = PackagedCatalog.freePort();
        List<String> keys = new ArrayList<>();
        Map<String, String> ownSchema = Map.of("quarkus.datasource.jdbc.url", URL + "?currentSchema=" + SCHEMA,
                "quarkus.flyway.schemas", SCHEMA);
        Map<String, String> deadRelay = new HashMap<>(ownSchema);
        deadRelay.putAll(Map.of("platform.outbox.bootstrap-servers", "127.0.0.1:" + deadBroker,
                "platform.outbox.send-timeout", "2s", "platform.outbox.max-backoff", "2s"));

        try (CatalogTopic topic = CatalogTopic.open(bootstrap, false)) {
            try (PackagedCatalog outage = PackagedCatalog.start("kafka-outage-dead-broker", deadRelay)) {
                String token = Tokens.admin();
                String category = given().port(outage.port).auth().oauth2(token).contentType(ContentType.JSON)
                        .body(Map.of("name", "outage-" + UUID.randomUUID())).post("/api/v1/categories")
                        .then().statusCode(201).extract().path("id");
                keys.add(category);
                for (int i = 1; i <= 3; i++) {
                    Map<String, Object> body = product(category, "Outage product " + i, i + "0.00");
                    String id = given().port(outage.port).auth().oauth2(token).contentType(ContentType.JSON).body(body)
                            .post("/api/v1/products").then().statusCode(201).extract().path("id");
                    keys.add(id);
                    body.put("price", new java.math.BigDecimal(i + "5.00"));
                    given().port(outage.port).auth().oauth2(token).contentType(ContentType.JSON).body(body)
                            .header("If-Match", "\"1\"").put("/api/v1/products/" + id).then().statusCode(200);
                }
                given().port(outage.port).auth().oauth2(token).header("If-Match", "\"2\"")
                        .delete("/api/v1/products/" + keys.get(1)).then().statusCode(204);

                // The relay really tried and failed: attempts recorded, nothing published, failures counted.
                waitUntil(() -> outbox(keys).stream().allMatch(r -> r.attempts > 0), "the relay to try every row");
                assertTrue(outbox(keys).stream().noneMatch(r -> r.published), "nothing reached the dead broker");
                String metrics = given().port(outage.managementPort).get("/q/metrics").asString();
                assertTrue(metrics.lines().anyMatch(l -> l.startsWith("outbox_publish_failures_total")
                        && !l.endsWith(" 0.0")), "failures are a metric");
                assertTrue(metrics.lines().anyMatch(l -> l.startsWith("outbox_pending")), "lag is a metric");
            }

            List<OutboxRow> rows = outbox(keys);
            // category created; per product created, updated, price-changed; one product deleted
            assertEquals(1 + 3 * 3 + 1, rows.size());

            try (PackagedCatalog recovered = PackagedCatalog.start("kafka-outage-recovered", ownSchema)) {
                waitUntil(() -> outbox(keys).stream().allMatch(r -> r.published), "the relay to publish every row");
            }

            Set<String> wanted = rows.stream().map(r -> r.eventId).collect(Collectors.toSet());
            Set<String> keySet = new HashSet<>(keys);
            List<CatalogTopic.Event> events = topic.collect(keySet,
                    l -> l.stream().map(e -> e.header(CloudEventHeaders.ID)).collect(Collectors.toSet()).containsAll(wanted),
                    Duration.ofSeconds(60));
            events.addAll(topic.readToEnd(keySet, Duration.ofSeconds(60)));

            Map<String, Long> copies = events.stream()
                    .collect(Collectors.groupingBy(e -> e.header(CloudEventHeaders.ID), Collectors.counting()));
            assertEquals(wanted, copies.keySet(), "every event of the outage, and no other, is in the topic");
            assertTrue(copies.values().stream().allMatch(n -> n == 1), "each exactly once: " + copies);

            Map<String, List<String>> typesByKey = new HashMap<>();
            events.forEach(e -> typesByKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(CatalogTopic.type(e)));
            assertEquals(List.of(CatalogEventTypes.PRODUCT_CREATED, CatalogEventTypes.PRODUCT_UPDATED,
                    CatalogEventTypes.PRODUCT_PRICE_CHANGED, CatalogEventTypes.PRODUCT_DELETED), typesByKey.get(keys.get(1)));
            assertEquals(List.of(CatalogEventTypes.PRODUCT_CREATED, CatalogEventTypes.PRODUCT_UPDATED,
                    CatalogEventTypes.PRODUCT_PRICE_CHANGED), typesByKey.get(keys.get(2)));
        }
    }

    record OutboxRow(String eventId, String key, int attempts, boolean published) {
    }

    private static List<OutboxRow> outbox(List<String> keys) {
        try (Connection c = connect(URL + "?currentSchema=" + SCHEMA);
                PreparedStatement s = c.prepareStatement("select event_id, message_key, attempts, published_at is not null "
                        + "from outbox_event where message_key = any (?) order by id")) {
            s.setArray(1, c.createArrayOf("varchar", keys.toArray()));
            List<OutboxRow> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new OutboxRow(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getBoolean(4)));
                }
            }
            return rows;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Connection connect(String url) throws java.sql.SQLException {
        return DriverManager.getConnection(url, PackagedCatalog.config("quarkus.datasource.username"),
                PackagedCatalog.config("quarkus.datasource.password"));
    }

    /** Bounded wait for a condition that depends on a background relay. */
    private static void waitUntil(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Timed out waiting for " + what);
    }
}
