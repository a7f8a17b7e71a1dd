package io.scalableapi.gateway.docs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * Merges the services' OpenAPI documents into the one document clients see. Only paths the gateway routes to that service
 * are kept (a service's /q endpoints or unrouted paths never show). Schemas of the same name from two services must be
 * equal; otherwise the later one is kept under a name prefixed with its service, and the clash is listed in the document.
 */
public final class OpenApiMerger {

    private OpenApiMerger() {
    }

    /** {@code documents}: service name → its document; {@code prefixes}: service name → the prefixes routed to it. */
    public static JsonObject merge(String title, Map<String, JsonObject> documents, Map<String, List<String>> prefixes) {
        JsonObject paths = new JsonObject();
        JsonObject schemas = new JsonObject();
        JsonArray tags = new JsonArray();
        JsonArray clashes = new JsonArray();
        documents.forEach((service, doc) -> {
            JsonObject servicePaths = doc.getJsonObject("paths", new JsonObject());
            for (String path : servicePaths.fieldNames()) {
                if (routedTo(path, prefixes.getOrDefault(service, List.of()))) {
                    paths.put(path, servicePaths.getValue(path));
                }
            }
            JsonObject serviceSchemas = doc.getJsonObject("components", new JsonObject())
                    .getJsonObject("schemas", new JsonObject());
            for (String name : serviceSchemas.fieldNames()) {
                Object schema = serviceSchemas.getValue(name);
                if (schemas.containsKey(name) && !schemas.getValue(name).equals(schema)) {
                    clashes.add(service + ":" + name);
                    schemas.put(service + "_" + name, schema);
                } else {
                    schemas.put(name, schema);
                }
            }
            doc.getJsonArray("tags", new JsonArray()).forEach(tags::add);
        });
        JsonObject merged = new JsonObject()
                .put("openapi", "3.1.0")
                .put("info", new JsonObject().put("title", title).put("version", "v1")
                        .put("description", "One document for every service behind the gateway"))
                .put("paths", paths)
                .put("components", new JsonObject().put("schemas", schemas));
        if (!tags.isEmpty()) {
            merged.put("tags", tags);
        }
        if (!clashes.isEmpty()) {
            merged.put("x-schema-clashes", clashes);
        }
        return merged;
    }

    private static boolean routedTo(String path, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }
}
