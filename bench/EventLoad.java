import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.scalableapi.contracts.catalog.CatalogEventTypes;
import io.scalableapi.contracts.catalog.ProductEventV1;
import io.scalableapi.contracts.catalog.ProductStatus;
import io.scalableapi.contracts.catalog.ProductV1;
import io.scalableapi.contracts.events.CloudEventHeaders;
import io.scalableapi.contracts.events.Topics;
import java.io.FileReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka side of bench/consumer.sh, run as a single-file program on the classpath of the packaged cache-service
 * (kafka-clients, Jackson, shared-contracts). Two steps:
 *
 * <pre>
 *   java EventLoad.java start-at-end GROUP           commit the current end of both event topics for GROUP, so a
 *                                                    cache-service started with that group reads only what follows
 *   java EventLoad.java publish EVENTS VERSIONS      publish EVENTS product.updated.v1 events: EVENTS / VERSIONS new
 *                                                    products with versions 1..VERSIONS each, in order, keyed by id
 * </pre>
 *
 * Kafka client settings beyond the bootstrap address (SASL user and password) come from the properties file named by
 * BENCH_KAFKA_PROPERTIES; without it, the local broker's dev-only admin user (as in cache-service's tests). Bounded: at most 100,000 events, every send waited for within 30 s.
 */
public class EventLoad {
    private static final int MAX_EVENTS = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("start-at-end")) {
            startAtEnd(args[1]);
        } else if (args.length == 3 && args[0].equals("publish")) {
            publish(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        } else {
            System.err.println("usage: EventLoad start-at-end GROUP | publish EVENTS VERSIONS");
            System.exit(2);
        }
    }

    private static Properties client() throws IOException {
        Properties p = new Properties();
        p.put("bootstrap.servers", System.getenv().getOrDefault("BENCH_KAFKA_BOOTSTRAP", "127.0.0.1:9092"));
        String extra = System.getenv("BENCH_KAFKA_PROPERTIES");
        if (extra == null || extra.isBlank()) {
            // DEV ONLY: the local broker's admin user, as cache-service's tests use it (scripts/infra.sh).
            p.put("security.protocol", "SASL_PLAINTEXT");
            p.put("sasl.mechanism", "SCRAM-SHA-512");
            p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                    + " username=\"admin\" password=\"admin-kafka-dev-only\";");
        } else {
            try (FileReader r = new FileReader(extra, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        }
        return p;
    }

    private static void startAtEnd(String group) throws IOException {
        Properties p = client();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.CATALOG_EVENTS, Topics.USER_EVENTS)) {
                for (PartitionInfo info : c.partitionsFor(topic)) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            c.endOffsets(partitions).forEach((tp, offset) -> ends.put(tp, new OffsetAndMetadata(offset)));
            c.assign(partitions);
            c.commitSync(ends);
            System.out.println(partitions.size());
        }
    }

    private static void publish(int events, int versions) throws Exception {
        if (events < 1 || events > MAX_EVENTS || versions < 1 || events % versions != 0) {
            throw new IllegalArgumentException("EVENTS in 1.." + MAX_EVENTS + ", a multiple of VERSIONS");
        }
        Properties p = client();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        OffsetDateTime at = OffsetDateTime.of(2026, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC);
        List<UUID> products = new ArrayList<>();
        for (int i = 0; i < events / versions; i++) {
            products.add(UUID.randomUUID());
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            // Version by version over all products: one product's events are spread through the stream, as real
            // updates are, and they share a partition (the key), so the consumer must keep their order.
            for (int v = 1; v <= versions; v++) {
                for (UUID id : products) {
                    ProductV1 product = new ProductV1(id, "SKU-" + id.toString().substring(0, 8), "bench " + v,
                            "bench product", new BigDecimal("9.90"), "EUR", 3, null, ProductStatus.ACTIVE, Map.of(), v,
                            at, at.plusMinutes(v));
                    ProducerRecord<String, String> r = new ProducerRecord<>(Topics.CATALOG_EVENTS, id.toString(),
                            JSON.writeValueAsString(ProductEventV1.of(product)));
                    header(r, CloudEventHeaders.ID, UUID.randomUUID().toString());
                    header(r, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
                    header(r, CloudEventHeaders.SOURCE, "urn:scalableapi:bench");
                    header(r, CloudEventHeaders.TYPE, CatalogEventTypes.PRODUCT_UPDATED);
                    header(r, CloudEventHeaders.SUBJECT, CatalogEventTypes.productSubject(id));
                    header(r, CloudEventHeaders.TIME, OffsetDateTime.now(ZoneOffset.UTC).toString());
                    header(r, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
                    sent.add(producer.send(r));
                }
            }
            for (Future<RecordMetadata> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
        System.out.println(events);
    }

    private static void header(ProducerRecord<String, String> r, String name, String value) {
        r.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
