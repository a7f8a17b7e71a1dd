package io.scalableapi.cache.events;

import java.time.Instant;

/**
 * One binary-mode CloudEvent as read from a Kafka record: the attributes from the {@code ce_*} headers, the JSON data
 * from the value, and where it came from (for logs and the dead-letter record).
 */
public record CloudEvent(
        String id,
        String source,
        String type,
        String subject,
        Instant time,
        String key,
        String data,
        String topic,
        int partition,
        long offset) {
}
