package io.scalableapi.defaults.outbox;

import java.util.Objects;

/**
 * An event to publish once the current transaction commits.
 *
 * @param topic   Kafka topic (from {@code io.scalableapi.contracts.events.Topics})
 * @param key     aggregate id: the Kafka key, so one aggregate's events stay in order
 * @param type    CloudEvents type, versioned, e.g. {@code io.scalableapi.catalog.product.updated.v1}
 * @param subject CloudEvents subject, usually the aggregate id
 * @param data    the payload record from shared-contracts, serialised as JSON
 */
public record OutboxMessage(String topic, String key, String type, String subject, Object data) {
    public OutboxMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }
}
