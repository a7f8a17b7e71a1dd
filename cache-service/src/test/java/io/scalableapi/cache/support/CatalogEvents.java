package io.scalableapi.cache.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.scalableapi.contracts.catalog.CatalogEventTypes;
import io.scalableapi.contracts.catalog.ProductEventV1;
import io.scalableapi.contracts.catalog.ProductStatus;
import io.scalableapi.contracts.catalog.ProductV1;
import io.scalableapi.contracts.events.CloudEventHeaders;
import io.scalableapi.contracts.events.Topics;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes events the way the producers do (binary-mode CloudEvents, key = aggregate id) with a plain Kafka producer
 * to the real broker. Every id is fresh: the topics are shared with other runs.
 */
public final class CatalogEvents implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final KafkaProducer<String, String> producer;

    public CatalogEvents() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
        // The broker's super user (DEV ONLY, scripts/infra.sh): a test observes or injects events on any topic.
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", "SCRAM-SHA-512");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"admin\" password=\"admin-kafka-dev-only\";");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    public static ProductV1 product(UUID id, long version, String name) {
        OffsetDateTime at = OffsetDateTime.of(2026, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC);
        return new ProductV1(id, "SKU-" + id.toString().substring(0, 8), name, "test product", new BigDecimal("9.90"),
                "EUR", 3, null, ProductStatus.ACTIVE, Map.of(), version, at, at.plusMinutes(version));
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes {@code product.updated.v1} for the product; returns the event id. */
    public String updated(ProductV1 p) {
        return updated(p, UUID.randomUUID().toString());
    }

    public String updated(ProductV1 p, String eventId) {
        send(Topics.CATALOG_EVENTS, p.id().toString(), eventId, CatalogEventTypes.PRODUCT_UPDATED,
                CatalogEventTypes.productSubject(p.id()), json(ProductEventV1.of(p)));
        return eventId;
    }

    public void send(String topic, String key, String eventId, String type, String subject, String data) {
        send(topic, key, eventId, type, subject, data, null);
    }

    /** As {@link #send}, with the W3C {@code traceparent} a publisher puts on the record (null: none). */
    public void send(String topic, String key, String eventId, String type, String subject, String data,
            String traceparent) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, data);
        if (traceparent != null) {
            header(record, "traceparent", traceparent);
        }
        if (eventId != null) {
            header(record, CloudEventHeaders.ID, eventId);
        }
        header(record, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        header(record, CloudEventHeaders.SOURCE, "urn:scalableapi:cache-service-tests");
        if (type != null) {
            header(record, CloudEventHeaders.TYPE, type);
        }
        if (subject != null) {
            header(record, CloudEventHeaders.SUBJECT, subject);
        }
        header(record, CloudEventHeaders.TIME, OffsetDateTime.now(ZoneOffset.UTC).toString());
        header(record, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        try {
            producer.send(record).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish to " + topic, e);
        }
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        producer.close();
    }
}
