package io.scalableapi.catalog;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * catalog-service signs in to the real broker as its own KafkaUser (application.properties, the dev overlay's
 * password) and gets exactly the cluster's ACLs (k8s/components/infrastructure/kafka-users.yaml): it may publish to
 * its own topic, never to another service's, and may not read events at all. Nothing is written to any topic here.
 */
class KafkaLeastPrivilegeTest {

    @Test
    void catalogMayDescribeItsOwnTopicButNotWriteOrReadAnotherServices() {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(asCatalog(), new StringSerializer(),
                new StringSerializer())) {
            assertFalse(producer.partitionsFor("catalog.events.v1").isEmpty(), "its own topic is visible");

            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>("user.events.v1", "k", "{}")).get());
            assertInstanceOf(TopicAuthorizationException.class, refused.getCause(), refused.toString());
        }

        Properties consumerProps = asCatalog();
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "catalog-probe-" + UUID.randomUUID());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("user.events.v1"));
            assertThrows(RuntimeException.class, () -> consumer.poll(Duration.ofSeconds(10)),
                    "reading another service's events (or joining a group) is refused");
        }
    }

    private static Properties asCatalog() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, PackagedCatalog.config("kafka.bootstrap.servers"));
        p.put("security.protocol", PackagedCatalog.config("kafka.security.protocol"));
        p.put("sasl.mechanism", PackagedCatalog.config("kafka.sasl.mechanism"));
        p.put("sasl.jaas.config", PackagedCatalog.config("kafka.sasl.jaas.config"));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return p;
    }
}
