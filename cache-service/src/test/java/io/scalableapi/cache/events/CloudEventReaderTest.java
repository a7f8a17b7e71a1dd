package io.scalableapi.cache.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scalableapi.contracts.events.CloudEventHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** The CloudEvent attributes come from the ce_* headers; without the required ones a record is poison. */
class CloudEventReaderTest {

    @Test
    void readsTheAttributesAndFallsBackToTheRecordTimestamp() {
        RecordHeaders headers = headers("e-1", "urn:s", "t.v1");
        headers.add(CloudEventHeaders.SUBJECT, bytes("products/1"));

        CloudEvent event = CloudEventReader.read("topic", 2, 7, 1_000L, "1", headers, "{}");

        assertEquals("e-1", event.id());
        assertEquals("products/1", event.subject());
        assertEquals(Instant.ofEpochMilli(1_000L), event.time());
        assertEquals(7, event.offset());
    }

    @Test
    void missingAttributesEmptyDataAndBadTimesArePoison() {
        assertThrows(PoisonEventException.class, () -> CloudEventReader.read("t", 0, 0, 0, "k", headers(null, "urn:s", "t"), "{}"));
        assertThrows(PoisonEventException.class, () -> CloudEventReader.read("t", 0, 0, 0, "k", headers("i", null, "t"), "{}"));
        assertThrows(PoisonEventException.class, () -> CloudEventReader.read("t", 0, 0, 0, "k", headers("i", "urn:s", null), "{}"));
        assertThrows(PoisonEventException.class, () -> CloudEventReader.read("t", 0, 0, 0, "k", headers("i", "urn:s", "t"), " "));
        RecordHeaders badTime = headers("i", "urn:s", "t");
        badTime.add(CloudEventHeaders.TIME, bytes("yesterday"));
        PoisonEventException e = assertThrows(PoisonEventException.class,
                () -> CloudEventReader.read("t", 0, 0, 0, "k", badTime, "{}"));
        assertTrue(e.getMessage().contains(CloudEventHeaders.TIME));
    }

    private static RecordHeaders headers(String id, String source, String type) {
        RecordHeaders h = new RecordHeaders();
        if (id != null) {
            h.add(CloudEventHeaders.ID, bytes(id));
        }
        if (source != null) {
            h.add(CloudEventHeaders.SOURCE, bytes(source));
        }
        if (type != null) {
            h.add(CloudEventHeaders.TYPE, bytes(type));
        }
        return h;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
