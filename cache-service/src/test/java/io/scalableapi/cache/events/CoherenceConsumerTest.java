package io.scalableapi.cache.events;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.scalableapi.cache.support.CatalogEvents;
import io.scalableapi.cache.support.HotRod;
import io.scalableapi.cache.support.InfinispanServer;
import io.scalableapi.contracts.caches.CacheNames;
import io.scalableapi.contracts.catalog.CatalogEventTypes;
import io.scalableapi.contracts.catalog.ProductDeletedV1;
import io.scalableapi.contracts.catalog.ProductV1;
import io.scalableapi.contracts.events.CloudEventHeaders;
import io.scalableapi.contracts.events.Topics;
import io.scalableapi.contracts.user.UserDeletedV1;
import io.scalableapi.contracts.user.UserEventTypes;
import io.scalableapi.contracts.user.UserProfileUpdatedV1;
import io.scalableapi.defaults.cache.Tombstones;
import jakarta.inject.Inject;
import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Events published on the real broker keep the real Infinispan coherent. Entries are arranged over Hot Rod (as the
 * owning services write them) and asserted over Infinispan's REST API; waits are bounded.
 */
@QuarkusTest
class CoherenceConsumerTest {
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static CatalogEvents events;
    private static HotRod hotRod;

    @Inject
    AgroalDataSource db;
    @Inject
    MeterRegistry registry;

    @BeforeAll
    static void producer() {
        events = new CatalogEvents();
        hotRod = new HotRod();
    }

    @AfterAll
    static void close() {
        events.close();
        hotRod.close();
    }

    @Test
    void aProductUpdateRefreshesTheCachedProduct() {
        // List pages are catalog-service's to move on (CoherencePlannerTest: no clear). Not asserted on the server: the
        // list cache is shared with other processes on this machine, which may clear it at any time.
        UUID id = UUID.randomUUID();
        hotRod.put(CacheNames.CATALOG_PRODUCTS, id.toString(), CatalogEvents.json(CatalogEvents.product(id, 1, "old")));

        ProductV1 updated = CatalogEvents.product(id, 2, "new name");
        events.updated(updated);

        await().atMost(BOUND).untilAsserted(() -> assertEquals(CatalogEvents.json(updated),
                InfinispanServer.entry(CacheNames.CATALOG_PRODUCTS, id.toString()).orElse("absent")));
    }

    @Test
    void aReplayedOlderEventDoesNotOverwriteTheNewerEntry() {
        UUID id = UUID.randomUUID();
        String newer = CatalogEvents.json(CatalogEvents.product(id, 7, "version 7"));
        hotRod.put(CacheNames.CATALOG_PRODUCTS, id.toString(), newer);

        String eventId = events.updated(CatalogEvents.product(id, 5, "version 5"));

        await().atMost(BOUND).until(() -> outcome(eventId).isPresent());
        assertEquals("STALE", outcome(eventId).get());
        assertEquals(newer, InfinispanServer.entry(CacheNames.CATALOG_PRODUCTS, id.toString()).orElse("absent"));
    }

    @Test
    void anOlderEventArrivingAfterANewerOneIsIgnoredEvenWhenNothingIsCached() {
        UUID id = UUID.randomUUID();
        String v3 = events.updated(CatalogEvents.product(id, 3, "three"));
        await().atMost(BOUND).until(() -> outcome(v3).isPresent());
        String olderV2 = CatalogEvents.json(CatalogEvents.product(id, 2, "two"));
        hotRod.put(CacheNames.CATALOG_PRODUCTS, id.toString(), olderV2);

        String v1 = events.updated(CatalogEvents.product(id, 1, "one"));

        await().atMost(BOUND).until(() -> outcome(v1).isPresent());
        assertEquals("STALE", outcome(v1).get());
        // The ledger knows version 3 was applied: version 1 touches nothing, not even the (older) cached copy.
        assertEquals(olderV2, InfinispanServer.entry(CacheNames.CATALOG_PRODUCTS, id.toString()).orElse("absent"));
    }

    @Test
    void aDuplicateEventIsAppliedOnce() {
        UUID id = UUID.randomUUID();
        ProductV1 v2 = CatalogEvents.product(id, 2, "two");
        hotRod.put(CacheNames.CATALOG_PRODUCTS, id.toString(), CatalogEvents.json(CatalogEvents.product(id, 1, "one")));
        String eventId = events.updated(v2);
        await().atMost(BOUND).untilAsserted(() -> assertEquals(CatalogEvents.json(v2),
                InfinispanServer.entry(CacheNames.CATALOG_PRODUCTS, id.toString()).orElse("absent")));
        // Put an older copy back: were the duplicate applied again, it would refresh this copy.
        String sentinel = CatalogEvents.json(CatalogEvents.product(id, 1, "sentinel"));
        hotRod.put(CacheNames.CATALOG_PRODUCTS, id.toString(), sentinel);
        double duplicatesBefore = counter("duplicate");

        events.updated(v2, eventId);

        await().atMost(BOUND).until(() -> counter("duplicate") > duplicatesBefore);
        assertEquals(sentinel, InfinispanServer.entry(CacheNames.CATALOG_PRODUCTS, id.toString()).orElse("absent"));
        assertEquals(List.of("APPLIED"), outcomes(eventId));
    }

    @Test
    void aMalformedEventIsDeadLetteredWithItsReasonAndTheNextEventIsApplied() {
        UUID id = UUID.randomUUID();
        String poisonId = "poison-" + id;
        try (KafkaConsumer<String, String> deadLetters = deadLetterReader()) {
            events.send(Topics.CATALOG_EVENTS, id.toString(), poisonId, CatalogEventTypes.PRODUCT_UPDATED,
                    CatalogEventTypes.productSubject(id), "{\"id\": \"" + id + "\", \"version\": ");
            // Same key, same partition: it is consumed after the poison one.
            hotRod.put(CacheNames.CATALOG_PRODUCTS, id.toString(), CatalogEvents.json(CatalogEvents.product(id, 1, "one")));
            ProductV1 next = CatalogEvents.product(id, 2, "after the poison");
            events.updated(next);

            await().atMost(BOUND).untilAsserted(() -> assertEquals(CatalogEvents.json(next),
                    InfinispanServer.entry(CacheNames.CATALOG_PRODUCTS, id.toString()).orElse("absent")));
            ConsumerRecord<String, String> dead = awaitRecord(deadLetters, poisonId);
            assertEquals(id.toString(), dead.key());
            String reason = header(dead, CloudEventHeaders.DEAD_LETTER_REASON);
            assertTrue(reason != null && reason.contains("ProductEventV1"), "reason: " + reason);
        }
    }

    @Test
    void anEventWithoutItsCloudEventsIdIsDeadLettered() {
        UUID id = UUID.randomUUID();
        String marker = "no-id-" + id;
        try (KafkaConsumer<String, String> deadLetters = deadLetterReader()) {
            events.send(Topics.CATALOG_EVENTS, id.toString(), null, CatalogEventTypes.PRODUCT_UPDATED,
                    marker, CatalogEvents.json(CatalogEvents.product(id, 1, "x")));

            ConsumerRecord<String, String> dead = awaitRecordWithSubject(deadLetters, marker);
            assertTrue(header(dead, CloudEventHeaders.DEAD_LETTER_REASON).contains(CloudEventHeaders.ID));
        }
    }

    @Test
    void aDeletedProductLeavesATombstoneAtTheDeletionsVersion() {
        UUID id = UUID.randomUUID();
        hotRod.put(CacheNames.CATALOG_PRODUCTS, id.toString(), CatalogEvents.json(CatalogEvents.product(id, 4, "four")));

        events.send(Topics.CATALOG_EVENTS, id.toString(), UUID.randomUUID().toString(), CatalogEventTypes.PRODUCT_DELETED,
                CatalogEventTypes.productSubject(id), CatalogEvents.json(new ProductDeletedV1(id, "SKU", 5, now())));

        await().atMost(BOUND).until(() -> tombstoneAt(CacheNames.CATALOG_PRODUCTS, id.toString(), 5));
    }

    @Test
    void aProfileUpdateEvictsTheCachedProfileAndAnErasureTombstonesWhateverItsVersion() {
        UUID user = UUID.randomUUID();
        hotRod.put(CacheNames.USER_PROFILES, user.toString(), "{\"id\":\"" + user + "\",\"version\":1}");
        events.send(Topics.USER_EVENTS, user.toString(), UUID.randomUUID().toString(), UserEventTypes.PROFILE_UPDATED,
                UserEventTypes.subject(user), CatalogEvents.json(new UserProfileUpdatedV1(user, 2, List.of("displayName"),
                        "Alice", "en", false, now())));
        await().atMost(BOUND).until(() -> InfinispanServer.entry(CacheNames.USER_PROFILES, user.toString()).isEmpty());

        hotRod.put(CacheNames.USER_PROFILES, user.toString(), "{\"id\":\"" + user + "\",\"version\":9}");
        events.send(Topics.USER_EVENTS, user.toString(), UUID.randomUUID().toString(), UserEventTypes.DELETED,
                UserEventTypes.subject(user), CatalogEvents.json(new UserDeletedV1(user, 3, now())));
        await().atMost(BOUND).until(() -> tombstoneAt(CacheNames.USER_PROFILES, user.toString(), 3));
    }

    /** The entry is a tombstone (no data) at {@code version}. */
    private static boolean tombstoneAt(String cache, String key, long version) {
        return InfinispanServer.entry(cache, key)
                .filter(v -> Tombstones.is(v) && v.contains("\"version\":" + version + "}")).isPresent();
    }

    private Optional<String> outcome(String eventId) {
        return outcomes(eventId).stream().filter(o -> !"PENDING".equals(o)).findFirst();
    }

    /** The ledger rows of an event id: one per time it was applied. */
    private List<String> outcomes(String eventId) {
        try (Connection c = db.getConnection();
                PreparedStatement q = c.prepareStatement("select outcome from processed_event where event_id = ?")) {
            q.setString(1, eventId);
            List<String> outcomes = new java.util.ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    outcomes.add(rs.getString(1));
                }
            }
            return outcomes;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private double counter(String outcome) {
        var c = registry.find("cache.events").tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static KafkaConsumer<String, String> deadLetterReader() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
        // The broker's super user (DEV ONLY, scripts/infra.sh): a test observes or injects events on any topic.
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", "SCRAM-SHA-512");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"admin\" password=\"admin-kafka-dev-only\";");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "cache-service-test-dlq-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topics.CACHE_DEAD_LETTER));
        return consumer;
    }

    private static ConsumerRecord<String, String> awaitRecord(KafkaConsumer<String, String> consumer, String eventId) {
        return awaitMatching(consumer, r -> eventId.equals(header(r, CloudEventHeaders.ID)));
    }

    private static ConsumerRecord<String, String> awaitRecordWithSubject(KafkaConsumer<String, String> consumer, String subject) {
        return awaitMatching(consumer, r -> subject.equals(header(r, CloudEventHeaders.SUBJECT)));
    }

    private static ConsumerRecord<String, String> awaitMatching(KafkaConsumer<String, String> consumer,
            java.util.function.Predicate<ConsumerRecord<String, String>> wanted) {
        @SuppressWarnings("unchecked")
        ConsumerRecord<String, String>[] found = new ConsumerRecord[1];
        await().atMost(BOUND).until(() -> {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                if (wanted.test(r)) {
                    found[0] = r;
                }
            }
            return found[0] != null;
        });
        return found[0];
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
