package io.scalableapi.cache.events;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.scalableapi.cache.support.CatalogEvents;
import io.scalableapi.cache.support.RecordedSpans;
import io.scalableapi.contracts.catalog.CatalogEventTypes;
import io.scalableapi.contracts.catalog.ProductEventV1;
import io.scalableapi.contracts.catalog.ProductV1;
import io.scalableapi.contracts.events.Topics;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The consumer continues the trace an event's record carries (the outbox relay's publish span): one CONSUMER span per
 * event, its child, current while the event is applied, so the ledger's SQL belongs to the same trace.
 */
@QuarkusTest
class TracedEventTest {

    @Test
    void theConsumerContinuesTheTraceOfTheRecord() {
        String traceId = hex(32);
        String publishSpan = hex(16);
        UUID id = UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        ProductV1 product = CatalogEvents.product(id, 1, "traced");
        try (CatalogEvents events = new CatalogEvents()) {
            events.send(Topics.CATALOG_EVENTS, id.toString(), eventId, CatalogEventTypes.PRODUCT_UPDATED,
                    CatalogEventTypes.productSubject(id), CatalogEvents.json(ProductEventV1.of(product)),
                    "00-" + traceId + "-" + publishSpan + "-01");
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> consumerSpan(traceId) != null
                && RecordedSpans.ofTrace(traceId).stream().anyMatch(s -> s.getKind() == SpanKind.CLIENT));
        SpanData consumer = consumerSpan(traceId);
        assertEquals(publishSpan, consumer.getParentSpanId());
        assertEquals(Topics.CATALOG_EVENTS + " process", consumer.getName());
        assertEquals(eventId, consumer.getAttributes().get(AttributeKey.stringKey("messaging.message.id")));
        assertTrue(consumer.getAttributes().get(AttributeKey.stringKey("cache.event.outcome")) != null,
                "the span says what became of the event: " + consumer.getAttributes());
        List<SpanData> database = RecordedSpans.ofTrace(traceId).stream()
                .filter(s -> s.getKind() == SpanKind.CLIENT).toList();
        assertTrue(database.stream().allMatch(s -> s.getParentSpanId().equals(consumer.getSpanId())),
                "the ledger's statements are the consumer span's children: " + database);
    }

    private static SpanData consumerSpan(String traceId) {
        return RecordedSpans.ofTrace(traceId).stream().filter(s -> s.getKind() == SpanKind.CONSUMER).findFirst()
                .orElse(null);
    }

    private static String hex(int digits) {
        StringBuilder b = new StringBuilder("c");
        ThreadLocalRandom r = ThreadLocalRandom.current();
        while (b.length() < digits) {
            b.append(Character.forDigit(r.nextInt(16), 16));
        }
        return b.toString();
    }
}
