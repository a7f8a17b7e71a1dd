package io.scalableapi.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.scalableapi.contracts.events.CloudEventHeaders;
import io.scalableapi.contracts.events.Topics;
import io.scalableapi.defaults.outbox.Outbox;
import io.scalableapi.defaults.outbox.OutboxMessage;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 12: an outbox row Kafka refuses (here larger than a record may be) neither stalls its aggregate nor
 * is retried forever. The rest of the outbox flows past it; its aggregate's later row waits behind it; after
 * {@code platform.outbox.dead-letter-after} (5) rejections it moves to {@code outbox_dead_letter}, counted by
 * {@code outbox_dead_letters_total}, and the aggregate goes on.
 */
@QuarkusTest
class PoisonOutboxRowResourceTest {
    /** Above the producer's max.request.size (1 MiB): Kafka refuses the record itself, every time. */
    private static final int TOO_LARGE = 1_100_000;
    private static final String TYPE = "io.scalableapi.test.outbox-poison.v1";

    @Inject
    Outbox outbox;

    @Inject
    AgroalDataSource db;

    @Inject
    MeterRegistry registry;

    @Test
    void poisonRowIsDeadLetteredItsAggregateWaitsAndTheRestFlows() throws Exception {
        String poisoned = "poison-" + UUID.randomUUID();
        String other = "healthy-" + UUID.randomUUID();
        double deadBefore = deadLetters();
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (CatalogTopic topic = CatalogTopic.open(bootstrap, false)) {
            UUID[] ids = QuarkusTransaction.requiringNew().call(() -> new UUID[] {
                    outbox.append(message(poisoned, Map.of("step", 1, "padding", "x".repeat(TOO_LARGE)))),
                    outbox.append(message(poisoned, Map.of("step", 2))),
                    outbox.append(message(other, Map.of("step", 1)))});
            UUID poison = ids[0];
            UUID follower = ids[1];
            UUID healthy = ids[2];

            List<CatalogTopic.Event> events = topic.collect(Set.of(poisoned, other),
                    l -> l.stream().anyMatch(e -> e.key().equals(poisoned))
                            && l.stream().anyMatch(e -> e.key().equals(other)), Duration.ofSeconds(90));
            events = new java.util.ArrayList<>(events);
            events.addAll(topic.readToEnd(Set.of(poisoned, other), Duration.ofSeconds(30)));

            // Order kept: the aggregate's next event went out only once the poison had left the outbox.
            assertEquals(0L, row("select count(*) as n from outbox_event where event_id = ? and published_at is null",
                    poison).get("n"), "the poisoned aggregate's next event overtook the poison row, still pending");
            // The poison never reached Kafka; its aggregate's next event did, once, after it was dead-lettered.
            List<String> poisonedIds = events.stream().filter(e -> e.key().equals(poisoned))
                    .map(e -> e.header(CloudEventHeaders.ID)).toList();
            assertEquals(List.of(follower.toString()), poisonedIds);
            assertTrue(events.stream().anyMatch(e -> e.key().equals(other)
                    && e.header(CloudEventHeaders.ID).equals(healthy.toString())), "the rest of the outbox flowed");

            Map<String, Object> dead = row("select attempts, rejections, last_error, dead_lettered_at "
                    + "from outbox_dead_letter where event_id = ?", poison);
            assertEquals(5, dead.get("rejections"), "dead-lettered after platform.outbox.dead-letter-after rejections");
            assertEquals(5, dead.get("attempts"), "and retried no more");
            assertTrue(String.valueOf(dead.get("last_error")).contains("RecordTooLarge"), dead.toString());
            assertEquals(0L, row("select count(*) as n from outbox_event where event_id = ?", poison).get("n"),
                    "gone from the outbox");

            Timestamp deadAt = (Timestamp) dead.get("dead_lettered_at");
            Timestamp followerAt = (Timestamp) row("select published_at from outbox_event where event_id = ?",
                    follower).get("published_at");
            Timestamp healthyAt = (Timestamp) row("select published_at from outbox_event where event_id = ?",
                    healthy).get("published_at");
            assertFalse(followerAt.before(deadAt), "the aggregate's later row waited behind the poison (order kept)");
            assertTrue(healthyAt.before(deadAt), "another aggregate did not wait for the poison's retries");
            assertEquals(deadBefore + 1, deadLetters(), "outbox_dead_letters_total counts it");
            Figures.record("outbox poison row", String.format("dead-lettered after %s rejections; other aggregate "
                    + "published %d ms before that, the poisoned aggregate's next event %d ms after",
                    dead.get("rejections"), deadAt.getTime() - healthyAt.getTime(),
                    followerAt.getTime() - deadAt.getTime()));
        }
    }

    /** {@code outbox_dead_letters_total}; 0 where the relay has no such counter. */
    private double deadLetters() {
        var counter = registry.find("outbox.dead.letters").counter();
        return counter == null ? 0 : counter.count();
    }

    private static OutboxMessage message(String key, Object data) {
        return new OutboxMessage(Topics.CATALOG_EVENTS, key, TYPE, "tests/" + key, data);
    }

    private Map<String, Object> row(String sql, UUID eventId) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, eventId);
            try (ResultSet rs = st.executeQuery()) {
                assertTrue(rs.next(), "no row for " + sql);
                Map<String, Object> values = new java.util.LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    values.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                return values;
            }
        }
    }
}
