package io.scalableapi.cache.events;

import io.scalableapi.contracts.events.CloudEventHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Reads the CloudEvent out of a Kafka record; a record without the required attributes is poison. */
public final class CloudEventReader {

    private CloudEventReader() {
    }

    /** The event of the record at {@code topic}-{@code partition}@{@code offset}. */
    public static CloudEvent read(String topic, int partition, long offset, long timestamp, String key, Headers headers,
            String value) {
        String id = required(headers, CloudEventHeaders.ID);
        String source = required(headers, CloudEventHeaders.SOURCE);
        String type = required(headers, CloudEventHeaders.TYPE);
        String subject = header(headers, CloudEventHeaders.SUBJECT);
        String time = header(headers, CloudEventHeaders.TIME);
        if (value == null || value.isBlank()) {
            throw new PoisonEventException("Event " + id + " has no data");
        }
        return new CloudEvent(id, source, type, subject, parseTime(id, time, timestamp), key, value, topic, partition,
                offset);
    }

    private static Instant parseTime(String id, String time, long recordTimestamp) {
        if (time == null) {
            // Producers should set ce_time; the broker's timestamp is the next best "when did this happen".
            return Instant.ofEpochMilli(recordTimestamp);
        }
        try {
            return OffsetDateTime.parse(time).toInstant();
        } catch (DateTimeParseException e) {
            throw new PoisonEventException("Event " + id + " has an invalid " + CloudEventHeaders.TIME + ": " + time);
        }
    }

    private static String required(Headers headers, String name) {
        String value = header(headers, name);
        if (value == null || value.isBlank()) {
            throw new PoisonEventException("Missing CloudEvents header " + name);
        }
        return value;
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
