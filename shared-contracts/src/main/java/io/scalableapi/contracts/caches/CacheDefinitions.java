package io.scalableapi.contracts.caches;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The platform's cache configurations, read from {@link CacheNames#DEFINITIONS}: every service and cache-service create
 * and check their caches from this one reader, so no module carries its own copy of a cache configuration.
 */
public final class CacheDefinitions {

    private CacheDefinitions() {
    }

    /** Cache name to its Infinispan configuration as JSON, in file order. */
    public static Map<String, String> load(ObjectMapper json) {
        try (InputStream in = CacheNames.class.getClassLoader().getResourceAsStream(CacheNames.DEFINITIONS)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + CacheNames.DEFINITIONS + " on the classpath");
            }
            Map<String, String> definitions = new LinkedHashMap<>();
            JsonNode root = json.readTree(in);
            root.fields().forEachRemaining(e -> definitions.put(e.getKey(), e.getValue().toString()));
            // Unmodifiable but still in file order (Map.copyOf would not keep it).
            return Collections.unmodifiableMap(definitions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
