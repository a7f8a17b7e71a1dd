package io.scalableapi.defaults.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scalableapi.contracts.caches.CacheNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The platform's cache configurations, read from the one shared definition file in shared-contracts. */
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
