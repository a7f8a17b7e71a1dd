package io.scalableapi.cache.events;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.scalableapi.contracts.catalog.CatalogEventTypes;
import io.scalableapi.contracts.samples.SampleEvents;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Consumer check of the contract gate (RELEASING.md): every event type the producers currently publish, built from the
 * producers' own contract records (no copied JSON), is accepted by the coherence planner. A producer change that this
 * consumer cannot read fails here, in the consumer's build.
 */
class ProducerSampleEventsTest {
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final CoherencePlanner planner = new CoherencePlanner(json);

    @Test
    void everyPublishedEventTypeIsReadWithoutBecomingPoison() {
        Map<String, Object> samples = SampleEvents.all();
        assertFalse(samples.isEmpty(), "the producers publish events");
        samples.forEach((type, payload) -> {
            CloudEvent event = new CloudEvent(UUID.randomUUID().toString(), "urn:sample", type, null, Instant.now(),
                    null, assertDoesNotThrow(() -> json.writeValueAsString(payload), type), "sample", 0, 0);
            CoherencePlan plan = assertDoesNotThrow(() -> planner.plan(event), type);
            if (type.startsWith("io.scalableapi.catalog.product.") || type.startsWith("io.scalableapi.user.")) {
                assertTrue(plan.followed() && !plan.actions().isEmpty(), type + " changes a cache");
            }
        });
        assertTrue(samples.containsKey(CatalogEventTypes.PRODUCT_UPDATED));
    }
}
