package io.scalableapi.catalog;

import io.scalableapi.contracts.events.CloudEventHeaders;
import io.scalableapi.contracts.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A plain consumer of the catalog topic for tests. The topic is shared with other runs: callers filter on the
 * aggregate ids they created. It reads every partition from the positions taken at {@link #open}.
 */
public final class CatalogTopic implements AutoCloseable {
    /** One record: its key, CloudEvents headers and JSON value. */
    public record Event(String key, Map<String, String> headers, String value, int partition, long offset) {
        public String header(String name) {
            return headers.get(name);
        }
    }

    private final KafkaConsumer<String, String> consumer;

    private CatalogTopic(KafkaConsumer<String, String> consumer) {
        this.consumer = consumer;
    }

    /** Opens at the current end of every partition, or at the beginning when {@code fromStart}. */
    public static CatalogTopic open(String bootstrap, boolean fromStart) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        // The broker's super user (DEV ONLY, scripts/infra.sh): a test observes or injects events on any topic.
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", "SCRAM-SHA-512");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"admin\" password=\"admin-kafka-dev-only\";");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        List<PartitionInfo> infos = waitForTopic(c);
        List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        c.assign(partitions);
        if (fromStart) {
            c.seekToBeginning(partitions);
        } else {
            c.seekToEnd(partitions);
        }
        partitions.forEach(c::position); // resolve the positions now, before the test writes
        return new CatalogTopic(c);
    }

    private static List<PartitionInfo> waitForTopic(KafkaConsumer<String, String> c) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            List<PartitionInfo> infos = c.partitionsFor(Topics.CATALOG_EVENTS, Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                return infos;
            }
        }
        throw new IllegalStateException("Topic " + Topics.CATALOG_EVENTS + " does not exist");
    }

    /**
     * Polls until {@code done} holds for the matching events collected so far, or {@code within} has passed
     * (bounded wait); returns the matching events in partition order.
     */
    public List<Event> collect(Set<String> keys, Predicate<List<Event>> done, Duration within) {
        List<Event> found = new ArrayList<>();
        long deadline = System.nanoTime() + within.toNanos();
        while (!done.test(found) && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                if (keys.contains(r.key())) {
                    Map<String, String> headers = new HashMap<>();
                    for (Header h : r.headers()) {
                        headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
                    }
                    found.add(new Event(r.key(), headers, r.value(), r.partition(), r.offset()));
                }
            }
        }
        return found;
    }

    /**
     * Reads up to the partitions' current end offsets: once the outbox says a row is published, Kafka acknowledged it,
     * so it lies below these offsets. Reading that far sees any duplicate without waiting "long enough".
     */
    public List<Event> readToEnd(Set<String> keys, Duration within) {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        return collect(keys, l -> end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue()),
                within);
    }

    static String type(Event e) {
        return e.header(CloudEventHeaders.TYPE);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
