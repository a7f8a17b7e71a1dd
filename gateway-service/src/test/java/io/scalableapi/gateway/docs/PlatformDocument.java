package io.scalableapi.gateway.docs;

import io.smallrye.config.WithDefault;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The merged document of the services' released contracts, as the gateway would serve it with its default settings:
 * each upstream's {@code <upstream>-service/contract-baseline/openapi.json}, routed by the gateway's route table
 * (application.properties, no profile) and merged by {@link OpenApiMerger}. Committed as
 * {@code gateway-service/contract-baseline/platform-openapi.json}; the generated-client journey builds its SDK from it.
 */
final class PlatformDocument {

    static final Path COMMITTED = Path.of("contract-baseline/platform-openapi.json");

    private PlatformDocument() {
    }

    static JsonObject fromBaselines() throws IOException {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            props.load(in);
        }
        Map<String, String> upstreamOfRoute = new TreeMap<>();
        Map<String, String> prefixesOfRoute = new TreeMap<>();
        for (String key : props.stringPropertyNames()) {
            String[] parts = key.split("\\.");
            if (parts.length == 4 && parts[0].equals("gateway") && parts[1].equals("routes")) {
                if (parts[3].equals("upstream")) {
                    upstreamOfRoute.put(parts[2], props.getProperty(key).strip());
                } else if (parts[3].equals("prefixes")) {
                    prefixesOfRoute.put(parts[2], props.getProperty(key).strip());
                }
            }
        }
        Map<String, List<String>> prefixes = new LinkedHashMap<>();
        upstreamOfRoute.forEach((route, upstream) -> {
            for (String p : prefixesOfRoute.getOrDefault(route, "").split(",")) {
                if (!p.isBlank()) {
                    prefixes.computeIfAbsent(upstream, u -> new ArrayList<>()).add(p.strip());
                }
            }
        });
        Map<String, JsonObject> documents = new LinkedHashMap<>();
        for (String upstream : prefixes.keySet()) {
            Path baseline = Path.of("..", upstream + "-service", "contract-baseline", "openapi.json");
            documents.put(upstream, new JsonObject(Files.readString(baseline)));
        }
        return OpenApiMerger.merge("Scalable API platform", documents, prefixes, defaultPortal());
    }

    /** The portal settings DocsConfig defaults to, read from its annotations so they are stated once. */
    static OpenApiMerger.Portal defaultPortal() {
        return new OpenApiMerger.Portal(defaultOf("serverUrl"), defaultOf("authorizationUrl"), defaultOf("tokenUrl"));
    }

    private static String defaultOf(String method) {
        try {
            return DocsConfig.class.getMethod(method).getAnnotation(WithDefault.class).value();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}
