package io.scalableapi.contracts.gate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Breaking changes between two OpenAPI documents for the clients of the API: a removed endpoint, a removed success
 * response or media type, a new required parameter or request body, and the schema changes {@link SchemaDiff} finds in
 * request bodies and responses (error bodies too). Generated clients make three more things part of the contract: an
 * operation's {@code operationId} (their method name), a success response's body schema (their return type) and its
 * headers, so changing or removing any of those breaks. Path parameter names do not matter ({@code /products/{id}} =
 * {@code /products/{pid}}).
 */
final class OpenApiDiff {

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");

    private OpenApiDiff() {
    }

    static List<String> breaks(JsonNode oldDoc, JsonNode newDoc) {
        List<String> breaks = new ArrayList<>();
        Map<String, JsonNode> newPaths = normalised(newDoc.path("paths"));
        Map<String, String> newNames = new LinkedHashMap<>();
        for (Iterator<String> it = newDoc.path("paths").fieldNames(); it.hasNext();) {
            String p = it.next();
            newNames.put(normalise(p), p);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = oldDoc.path("paths").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = e.getKey();
            JsonNode oldItem = e.getValue();
            JsonNode newItem = newPaths.get(normalise(path));
            for (String m : METHODS) {
                if (!oldItem.has(m)) {
                    continue;
                }
                String endpoint = m.toUpperCase(Locale.ROOT) + " " + path;
                if (newItem == null || !newItem.has(m)) {
                    breaks.add("endpoint removed: " + endpoint);
                    continue;
                }
                operation(endpoint, oldDoc, newDoc, oldItem, newItem, oldItem.get(m), newItem.get(m), breaks);
            }
        }
        return breaks;
    }

    private static void operation(String endpoint, JsonNode oldDoc, JsonNode newDoc, JsonNode oldItem, JsonNode newItem,
            JsonNode o, JsonNode n, List<String> breaks) {
        String oldId = o.path("operationId").asText("");
        String newId = n.path("operationId").asText("");
        if (!oldId.isEmpty() && !oldId.equals(newId)) {
            breaks.add(endpoint + ": operationId changed from '" + oldId + "' to " + (newId.isEmpty() ? "none" : "'" + newId + "'")
                    + " (the method name of generated clients)");
        }
        Map<String, JsonNode> op = params(oldDoc, oldItem, o);
        Map<String, JsonNode> np = params(newDoc, newItem, n);
        SchemaDiff request = new SchemaDiff(oldDoc, newDoc, SchemaDiff.Mode.REQUEST, breaks);
        np.forEach((key, p) -> {
            JsonNode old = op.get(key);
            boolean required = p.path("required").asBoolean(false);
            if (old == null && required) {
                breaks.add(endpoint + ": new required parameter " + key);
            } else if (old != null && required && !old.path("required").asBoolean(false)) {
                breaks.add(endpoint + ": parameter " + key + " became required");
            }
            if (old != null && old.has("schema") && p.has("schema")) {
                request.compare(endpoint + " parameter " + key, old.get("schema"), p.get("schema"));
            }
        });

        JsonNode ob = SchemaDiff.resolve(oldDoc, o.path("requestBody"));
        JsonNode nb = SchemaDiff.resolve(newDoc, n.path("requestBody"));
        if (nb.path("required").asBoolean(false) && !ob.path("required").asBoolean(false)) {
            breaks.add(endpoint + ": request body became required");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = ob.path("content").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> c = it.next();
            JsonNode nc = nb.path("content").path(c.getKey());
            if (nc.isMissingNode()) {
                if (nb.has("content")) {
                    breaks.add(endpoint + ": request body no longer accepts " + c.getKey());
                }
                continue;
            }
            if (c.getValue().has("schema") && nc.has("schema")) {
                request.compare(endpoint + " request body", c.getValue().get("schema"), nc.get("schema"));
            }
        }

        SchemaDiff response = new SchemaDiff(oldDoc, newDoc, SchemaDiff.Mode.RESPONSE, breaks);
        for (Iterator<Map.Entry<String, JsonNode>> it = o.path("responses").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> r = it.next();
            String status = r.getKey();
            JsonNode nr = n.path("responses").path(status);
            if (nr.isMissingNode()) {
                if (status.startsWith("2")) {
                    breaks.add(endpoint + ": response " + status + " removed");
                }
                continue;
            }
            JsonNode or = SchemaDiff.resolve(oldDoc, r.getValue());
            nr = SchemaDiff.resolve(newDoc, nr);
            if (status.startsWith("2")) {
                for (Iterator<Map.Entry<String, JsonNode>> hs = or.path("headers").fields(); hs.hasNext();) {
                    Map.Entry<String, JsonNode> h = hs.next();
                    JsonNode nh = header(nr.path("headers"), h.getKey());
                    if (nh == null) {
                        breaks.add(endpoint + ": response " + status + " header " + h.getKey() + " removed");
                    } else {
                        JsonNode oh = SchemaDiff.resolve(oldDoc, h.getValue());
                        nh = SchemaDiff.resolve(newDoc, nh);
                        if (oh.has("schema") && nh.has("schema")) {
                            response.compare(endpoint + " response " + status + " header " + h.getKey(), oh.get("schema"),
                                    nh.get("schema"));
                        }
                    }
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> ct = or.path("content").fields(); ct.hasNext();) {
                Map.Entry<String, JsonNode> c = ct.next();
                JsonNode nc = nr.path("content").path(c.getKey());
                if (nc.isMissingNode()) {
                    if (status.startsWith("2")) {
                        breaks.add(endpoint + ": response " + status + " no longer offers " + c.getKey());
                    }
                    continue;
                }
                if (c.getValue().has("schema") && nc.has("schema")) {
                    response.compare(endpoint + " response " + status, c.getValue().get("schema"), nc.get("schema"));
                } else if (typed(c.getValue().path("schema")) && status.startsWith("2")) {
                    breaks.add(endpoint + ": response " + status + " " + c.getKey() + " no longer declares its body schema");
                }
            }
        }
    }

    /** A schema that says something (not absent, not the empty schema that allows anything). */
    private static boolean typed(JsonNode schema) {
        return schema.isObject() && schema.size() > 0;
    }

    /** Header names are case-insensitive. */
    private static JsonNode header(JsonNode headers, String name) {
        for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> h = it.next();
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }

    /** Path-level and operation-level parameters by {@code in:name} (operation-level wins). */
    private static Map<String, JsonNode> params(JsonNode doc, JsonNode item, JsonNode op) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (JsonNode list : List.of(item.path("parameters"), op.path("parameters"))) {
            for (JsonNode p : list) {
                JsonNode r = SchemaDiff.resolve(doc, p);
                String in = r.path("in").asText();
                if (in.equals("path")) {
                    continue; // matched through the normalised path
                }
                String name = r.path("name").asText();
                m.put(in + " '" + (in.equals("header") ? name.toLowerCase(Locale.ROOT) : name) + "'", r);
            }
        }
        return m;
    }

    private static Map<String, JsonNode> normalised(JsonNode paths) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(normalise(e.getKey()), e.getValue());
        }
        return m;
    }

    private static String normalise(String path) {
        String p = path.replaceAll("\\{[^}]*}", "{}");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
