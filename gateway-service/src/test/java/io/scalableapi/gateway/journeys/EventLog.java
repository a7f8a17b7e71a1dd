package io.scalableapi.gateway.journeys;

import io.scalableapi.contracts.events.CloudEventHeaders;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What the fault journeys observe behind the gateway: the events on Kafka (read from offsets recorded before the fault)
 * and cache-service's ledger of the events it applied ({@code processed_event}, one row per CloudEvents source + id).
 */
final class EventLog {
    private static final String KAFKA = "127.0.0.1:9092";

    record Event(String topic, int partition, long offset, String key, String id, String type) {
    }

    private EventLog() {
    }

    /** The current end offset of every partition of the topics: where a reader starts to see only what comes next. */
    static Map<TopicPartition, Long> endOffsets(String... topics) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            return consumer.endOffsets(partitions(consumer, topics), Duration.ofSeconds(30));
        }
    }

    /**
     * Whether a consumer group has committed, on every partition of {@code until}, at least that offset: it has
     * finished (applied and acknowledged) everything before. Specific to that group, unlike the ledger, which every
     * cache-service process on the test database writes.
     */
    static boolean committedUpTo(String group, Map<TopicPartition, Long> until) {
        Map<TopicPartition, Long> committed = committed(group, until.keySet());
        return until.entrySet().stream().allMatch(e -> committed.get(e.getKey()) >= e.getValue());
    }

    /** The group's committed offset per partition (0 where it has committed none). */
    static Map<TopicPartition, Long> committed(String group, Collection<TopicPartition> partitions) {
        try (KafkaConsumer<String, String> consumer = consumer(group)) {
            Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed =
                    consumer.committed(new java.util.HashSet<>(partitions), Duration.ofSeconds(10));
            Map<TopicPartition, Long> offsets = new HashMap<>();
            for (TopicPartition p : partitions) {
                var c = committed.get(p);
                offsets.put(p, c == null ? 0L : c.offset());
            }
            return offsets;
        }
    }

    /**
     * Reads from {@code from} until {@code done} holds for what was read and the end offsets of that moment are
     * reached, or until the bound; returns everything read.
     */
    static List<Event> read(Map<TopicPartition, Long> from, Predicate<List<Event>> done, Duration bound) {
        List<Event> events = new ArrayList<>();
        long deadline = System.currentTimeMillis() + bound.toMillis();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            Map<TopicPartition, Long> until = null;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    events.add(new Event(r.topic(), r.partition(), r.offset(), r.key(),
                            header(r, CloudEventHeaders.ID), header(r, CloudEventHeaders.TYPE)));
                }
                if (until == null && done.test(events)) {
                    until = consumer.endOffsets(from.keySet(), Duration.ofSeconds(10));
                }
                if (until != null && reached(consumer, until)) {
                    break;
                }
            }
        }
        return events;
    }

    private static boolean reached(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> until) {
        return until.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    /** cache-service's outcome per event id; an id it has not applied is absent. */
    static Map<String, String> ledgerOutcomes(Collection<String> eventIds) {
        Map<String, String> outcomes = new HashMap<>();
        // DEV ONLY credentials of the cache database (scripts/infra.sh); the journeys' cache-service uses cache_test.
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/cache_test", "cache",
                "cache-dev-only");
                PreparedStatement s = c.prepareStatement("select event_id, outcome from processed_event "
                        + "where event_id = any(?)")) {
            s.setArray(1, c.createArrayOf("varchar", eventIds.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (outcomes.put(rs.getString(1), rs.getString(2)) != null) {
                        throw new AssertionError("event " + rs.getString(1) + " has two ledger rows");
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read cache-service's ledger", e);
        }
        return outcomes;
    }

    private static Collection<TopicPartition> partitions(KafkaConsumer<String, String> consumer, String... topics) {
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : topics) {
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                all.add(new TopicPartition(topic, p.partition()));
            }
        }
        return all;
    }

    private static KafkaConsumer<String, String> consumer() {
        return consumer("journey-" + UUID.randomUUID());
    }

    /** A consumer in the given group that never subscribes: it only reads positions and the group's commits. */
    private static KafkaConsumer<String, String> consumer(String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA);
        // The broker's super user (DEV ONLY, scripts/infra.sh): a test observes or injects events on any topic.
        props.put("security.protocol", "SASL_PLAINTEXT");
        props.put("sasl.mechanism", "SCRAM-SHA-512");
        props.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"admin\" password=\"admin-kafka-dev-only\";");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
