package io.scalableapi.cache;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.scalableapi.cache.domain.CacheState;
import io.scalableapi.cache.domain.CacheTopology;
import io.scalableapi.cache.support.InfinispanServer;
import io.scalableapi.contracts.caches.CacheNames;
import io.scalableapi.defaults.cache.PlatformCaches;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.infinispan.client.hotrod.RemoteCacheManager;
import org.junit.jupiter.api.Test;

/** After start, the server holds every cache of the shared definition file, configured as declared. */
@QuarkusTest
class CacheTopologyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    PlatformCaches caches;
    @Inject
    CacheTopology topology;
    @Inject
    RemoteCacheManager manager;

    @Test
    void everyDeclaredCacheExistsOnTheServerWithEveryDeclaredAttribute() throws Exception {
        JsonNode declared = declaredFile();
        assertEquals(5, declared.size());
        for (Iterator<Map.Entry<String, JsonNode>> it = declared.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> cache = it.next();
            JsonNode live = JSON.readTree(InfinispanServer.rawConfiguration(cache.getKey())).path(cache.getKey());
            List<String> wrong = new ArrayList<>();
            leaves("", cache.getValue(), live, wrong);
            assertEquals(List.of(), wrong, cache.getKey() + " on the server differs from its declaration");
            assertEquals(CacheState.Status.APPLIED, topology.state(cache.getKey()).status(), cache.getKey());
        }
    }

    @Test
    void valuesAreStoredAsJsonThatOtherClientsReadAsIs() {
        String key = "topology-test-" + UUID.randomUUID();
        String json = "{\"id\":\"" + key + "\",\"version\":1}";
        caches.put(CacheNames.CATALOG_PRODUCTS, key, json);

        var response = InfinispanServer.entryResponse(CacheNames.CATALOG_PRODUCTS, key);
        assertEquals(200, response.statusCode());
        assertTrue(response.contentType().startsWith("application/json"), response.contentType());
        assertEquals(json, response.asString());
        caches.remove(CacheNames.CATALOG_PRODUCTS, key);
    }

    @Test
    void aMutableAttributeChangedOnTheServerIsPutBackAsDeclared() {
        String cache = CacheNames.CATALOG_PRODUCT_LISTS;
        manager.administration().updateConfigurationAttribute(cache, "expiration.lifespan", "30000");
        assertEquals("30000", InfinispanServer.configuration(cache).getString("distributed-cache.expiration.lifespan"));

        topology.applyAll();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals("60000",
                InfinispanServer.configuration(cache).getString("distributed-cache.expiration.lifespan")));
        assertEquals(CacheState.Status.APPLIED, topology.state(cache).status());
    }

    /** Every declared leaf must be on the server with the same value (the server writes numbers as strings). */
    private static void leaves(String path, JsonNode declared, JsonNode live, List<String> wrong) {
        if (declared.isObject()) {
            declared.fields().forEachRemaining(f -> leaves(path + "/" + f.getKey(), f.getValue(), live.path(f.getKey()), wrong));
        } else if (!declared.asText().equals(live.asText())) {
            wrong.add(path + " declared " + declared.asText() + " but is " + live);
        }
    }

    private static JsonNode declaredFile() throws Exception {
        try (InputStream in = CacheNames.class.getClassLoader().getResourceAsStream(CacheNames.DEFINITIONS)) {
            return JSON.readTree(in);
        }
    }
}
