package io.scalableapi.contracts.caches;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared definition file declares every named cache the way PlatformCaches reads and writes it. */
class CacheDefinitionsTest {
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, String> definitions = CacheDefinitions.load(json);

    @Test
    void everyNamedCacheIsDeclaredInFileOrder() {
        assertEquals(List.of(CacheNames.CATALOG_PRODUCTS, CacheNames.CATALOG_PRODUCT_LISTS, CacheNames.USER_PROFILES,
                CacheNames.GATEWAY_RATE_LIMITS, CacheNames.PLATFORM_READ_PINS), List.copyOf(definitions.keySet()));
    }

    @Test
    void everyCacheStoresPlainTextKeysAndJsonValuesWithStatistics() throws Exception {
        for (Map.Entry<String, String> e : definitions.entrySet()) {
            JsonNode cache = json.readTree(e.getValue()).path("distributed-cache");
            assertTrue(cache.isObject(), e.getKey() + " is a distributed cache");
            assertEquals("text/plain", cache.at("/encoding/key/media-type").asText(), e.getKey());
            assertEquals("application/json", cache.at("/encoding/value/media-type").asText(), e.getKey());
            assertTrue(cache.path("statistics").asBoolean(), e.getKey() + " collects statistics");
            assertTrue(cache.at("/memory/max-count").asLong() > 0, e.getKey() + " is bounded");
            assertTrue(cache.at("/expiration/lifespan").asLong() > 0, e.getKey() + " expires");
        }
    }
}
