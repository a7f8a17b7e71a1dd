package io.scalableapi.gateway.journeys;

import static io.scalableapi.gateway.journeys.Journey.anonymous;
import static io.scalableapi.gateway.journeys.Journey.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An admin changes a product through the gateway; the event reaches Kafka, cache-service invalidates, and a client
 * reading through the gateway sees the new version with a new ETag within a bounded time.
 */
@ExtendWith(RunningPlatform.class)
class AdminProductChangeIT {

    @Test
    void aChangeTravelsFromAdminToEveryReader() {
        String category = Journey.category("Tools");
        String sku = Journey.unique("hammer");
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Journey.productBody(category, sku, "Hammer", "12.50");

        var created = as("admin").contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .post("/api/v1/products").then().statusCode(201).extract();
        String id = created.path("id");
        // Relative or absolute, the Location resolves against the gateway, never to a service behind it.
        String gateway = RunningPlatform.get().gateway();
        assertEquals(gateway + "/api/v1/products/" + id,
                java.net.URI.create(gateway + "/").resolve(created.header("Location")).toString());
        as("admin").contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .post("/api/v1/products").then().statusCode(201).body("id", equalTo(id));

        String oldEtag = anonymous().get("/api/v1/products/" + id).then().statusCode(200).extract().header("ETag");

        as("admin").contentType(ContentType.JSON).body(Journey.productBody(category, sku, "Hammer", "13.00"))
                .put("/api/v1/products/" + id).then().statusCode(428).contentType("application/problem+json");
        String newEtag = as("admin").contentType(ContentType.JSON).header("If-Match", oldEtag)
                .body(Journey.productBody(category, sku, "Hammer", "13.00"))
                .put("/api/v1/products/" + id).then().statusCode(200).extract().header("ETag");
        assertNotEquals(oldEtag, newEtag);

        List<String> types = eventTypesFor(id, 2, Duration.ofSeconds(30));
        assertTrue(types.get(0).endsWith(".created.v1"), "first event " + types);
        assertTrue(types.stream().skip(1).anyMatch(t -> t.contains("updated") || t.contains("price-changed")),
                "the change reached Kafka: " + types);

        Journey.eventually(15_000, "readers see version " + newEtag, () ->
                newEtag.equals(anonymous().get("/api/v1/products/" + id).then().statusCode(200).extract().header("ETag")));
        var fresh = anonymous().get("/api/v1/products/" + id).then().statusCode(200).extract();
        assertEquals(13.0f, fresh.<Float>path("price"));
    }

    /** Reads the catalog topic from the start until this product's first {@code count} events have been seen. */
    private static List<String> eventTypesFor(String productId, int count, Duration bound) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
        // The broker's super user (DEV ONLY, scripts/infra.sh): a test observes or injects events on any topic.
        props.put("security.protocol", "SASL_PLAINTEXT");
        props.put("sasl.mechanism", "SCRAM-SHA-512");
        props.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"admin\" password=\"admin-kafka-dev-only\";");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "journey-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<String> types = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("catalog.events.v1"));
            long deadline = System.currentTimeMillis() + bound.toMillis();
            while (types.size() < count && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (productId.equals(record.key())) {
                        var type = record.headers().lastHeader("ce_type");
                        types.add(type == null ? "?" : new String(type.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        assertTrue(types.size() >= count, "events of " + productId + " on Kafka: " + types);
        return types;
    }
}
