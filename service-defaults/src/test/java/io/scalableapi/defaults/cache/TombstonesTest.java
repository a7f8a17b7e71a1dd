package io.scalableapi.defaults.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** Tombstones are recognised only in their own form and live as long as the entries of their cache. */
class TombstonesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aTombstoneIsRecognisedAndCarriesItsVersion() throws Exception {
        String tombstone = Tombstones.of(7);
        assertTrue(Tombstones.is(tombstone));
        assertEquals(7, JSON.readTree(tombstone).get("version").asLong(), "version-guarded writes read it like data");
        assertFalse(Tombstones.is("{\"id\":\"x\",\"version\":7}"));
        assertFalse(Tombstones.is("{\"tombstone\":false,\"version\":7}"));
        assertFalse(Tombstones.is(null));
    }

    @Test
    void everyCachesTombstoneLivesAsLongAsItsLongestLivedEntry() throws Exception {
        PlatformCaches caches = new PlatformCaches(null, JSON, new SimpleMeterRegistry(), null);
        for (String cache : caches.definitions().keySet()) {
            JsonNode expiration = JSON.readTree(caches.definitions().get(cache)).elements().next().path("expiration");
            long lifespan = expiration.path("lifespan").asLong(-1);
            assertEquals(lifespan > 0 ? lifespan : -1, caches.entryLifespanMillis(cache), cache);
        }
    }
}
