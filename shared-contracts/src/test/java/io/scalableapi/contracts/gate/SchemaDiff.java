package io.scalableapi.contracts.gate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares an old and a new JSON Schema from the point of view of whoever reads or writes the JSON.
 * <ul>
 * <li>{@link Mode#EVENT}: events are stored and replayed, so old consumers read new events and new consumers read old
 * ones: a removed field, any type, format or enum change, a new required field or a field that became required or
 * optional breaks.</li>
 * <li>{@link Mode#RESPONSE}: clients read it: a removed field, a wider type, a dropped format, a new enum value or a
 * field that is no longer always present breaks.</li>
 * <li>{@link Mode#REQUEST}: clients write it: a narrower type, a new format, a removed enum value, a new required field
 * or a field that became required breaks.</li>
 * </ul>
 * {@code $ref}s are resolved against each side's root document (OpenAPI components).
 */
final class SchemaDiff {

    enum Mode { EVENT, RESPONSE, REQUEST }

    private final JsonNode oldRoot;
    private final JsonNode newRoot;
    private final Mode mode;
    private final List<String> breaks;

    SchemaDiff(JsonNode oldRoot, JsonNode newRoot, Mode mode, List<String> breaks) {
        this.oldRoot = oldRoot;
        this.newRoot = newRoot;
        this.mode = mode;
        this.breaks = breaks;
    }

    void compare(String where, JsonNode oldSchema, JsonNode newSchema) {
        compare(where, oldSchema, newSchema, new HashSet<>());
    }

    private void compare(String where, JsonNode o, JsonNode n, Set<String> visiting) {
        String key = where + "|" + o.path("$ref").asText() + "|" + n.path("$ref").asText();
        if (!o.path("$ref").asText().isEmpty() && !visiting.add(key)) {
            return; // recursive schema: already being compared on this path
        }
        o = resolve(oldRoot, o);
        n = resolve(newRoot, n);

        Set<String> ot = types(o);
        Set<String> nt = types(n);
        if (!ot.equals(nt)) {
            boolean broken = switch (mode) {
                case EVENT -> true;
                case RESPONSE -> ot.isEmpty() ? false : nt.isEmpty() || !within(nt, ot);
                case REQUEST -> nt.isEmpty() ? false : ot.isEmpty() || !within(ot, nt);
            };
            if (broken) {
                add(where, "type changed from " + show(ot) + " to " + show(nt));
            }
        }
        String of = o.path("format").asText("");
        String nf = n.path("format").asText("");
        if (!of.equals(nf)) {
            boolean broken = switch (mode) {
                case EVENT -> true;
                case RESPONSE -> !of.isEmpty();
                case REQUEST -> !nf.isEmpty();
            };
            if (broken) {
                add(where, "format changed from " + (of.isEmpty() ? "none" : of) + " to " + (nf.isEmpty() ? "none" : nf));
            }
        }
        Set<String> oe = strings(o.path("enum"));
        Set<String> ne = strings(n.path("enum"));
        if (!oe.equals(ne)) {
            Set<String> added = new TreeSet<>(ne);
            added.removeAll(oe);
            Set<String> removed = new TreeSet<>(oe);
            removed.removeAll(ne);
            boolean oldOpen = !o.has("enum");
            boolean newOpen = !n.has("enum");
            if ((mode != Mode.REQUEST) && !added.isEmpty() && !oldOpen) {
                add(where, "enum values added " + added + " (readers of the old contract cannot read them)");
            }
            if ((mode != Mode.RESPONSE) && !removed.isEmpty() && !newOpen) {
                add(where, "enum values removed " + removed);
            }
            if (mode != Mode.RESPONSE && oldOpen && !newOpen) {
                add(where, "values restricted to enum " + ne);
            }
            if (mode != Mode.REQUEST && !oldOpen && newOpen) {
                add(where, "enum " + oe + " opened to any value");
            }
        }

        if (mode != Mode.RESPONSE) {
            // what a writer may send, or a stored event may hold, must not shrink
            for (String k : List.of("maxLength", "maxItems", "maxProperties", "maximum")) {
                bound(where, k, o, n, true);
            }
            for (String k : List.of("minLength", "minItems", "minProperties", "minimum")) {
                bound(where, k, o, n, false);
            }
            String opat = o.path("pattern").asText("");
            String npat = n.path("pattern").asText("");
            if (!npat.isEmpty() && !npat.equals(opat)) {
                add(where, "pattern changed from " + (opat.isEmpty() ? "none" : "'" + opat + "'") + " to '" + npat + "'");
            }
        }

        JsonNode op = o.path("properties");
        JsonNode np = n.path("properties");
        Set<String> oreq = strings(o.path("required"));
        Set<String> nreq = strings(n.path("required"));
        for (Iterator<String> it = op.fieldNames(); it.hasNext();) {
            String f = it.next();
            String at = where + "." + f;
            if (!np.has(f)) {
                if (mode != Mode.REQUEST) {
                    add(at, "field removed");
                }
                continue;
            }
            compare(at, op.get(f), np.get(f), visiting);
            if (oreq.contains(f) && !nreq.contains(f) && mode != Mode.REQUEST) {
                add(at, "field is no longer required (may now be absent or null)");
            }
            if (!oreq.contains(f) && nreq.contains(f) && mode != Mode.RESPONSE) {
                add(at, "field became required");
            }
        }
        for (String f : nreq) {
            if (!op.has(f) && mode != Mode.RESPONSE && (np.has(f) || o.has("properties"))) {
                add(where + "." + f, "new required field");
            }
        }
        if (o.has("items") && n.has("items")) {
            compare(where + "[]", o.get("items"), n.get("items"), visiting);
        }
        if (o.path("additionalProperties").isObject() && n.path("additionalProperties").isObject()) {
            compare(where + "{}", o.get("additionalProperties"), n.get("additionalProperties"), visiting);
        }
    }

    private void bound(String where, String key, JsonNode o, JsonNode n, boolean upper) {
        if (!n.path(key).isNumber()) {
            return; // no bound now: at least as wide as before
        }
        java.math.BigDecimal now = n.get(key).decimalValue();
        if (!o.path(key).isNumber()) {
            add(where, key + " " + now.toPlainString() + " added");
            return;
        }
        java.math.BigDecimal was = o.get(key).decimalValue();
        if (upper ? now.compareTo(was) < 0 : now.compareTo(was) > 0) {
            add(where, key + " narrowed from " + was.toPlainString() + " to " + now.toPlainString());
        }
    }

    private void add(String where, String what) {
        breaks.add(where + ": " + what);
    }

    /** Follows {@code $ref} (local, {@code #/...}) and single-element {@code allOf} wrappers. */
    static JsonNode resolve(JsonNode root, JsonNode schema) {
        for (int i = 0; i < 20; i++) {
            if (schema.has("$ref")) {
                String ref = schema.get("$ref").asText();
                if (!ref.startsWith("#/")) {
                    return schema;
                }
                schema = root.at(ref.substring(1));
            } else if (schema.has("allOf") && schema.get("allOf").size() == 1 && !schema.has("properties")) {
                schema = schema.get("allOf").get(0);
            } else {
                return schema;
            }
        }
        return schema;
    }

    private static Set<String> types(JsonNode s) {
        Set<String> t = new TreeSet<>();
        JsonNode type = s.path("type");
        if (type.isArray()) {
            type.forEach(x -> t.add(x.asText()));
        } else if (type.isTextual()) {
            t.add(type.asText());
        }
        t.remove("null");
        return t;
    }

    /** Every type of {@code inner} is one of {@code outer} (an integer is a number). */
    private static boolean within(Set<String> inner, Set<String> outer) {
        for (String t : inner) {
            if (!outer.contains(t) && !(t.equals("integer") && outer.contains("number"))) {
                return false;
            }
        }
        return true;
    }

    private static String show(Set<String> t) {
        return t.isEmpty() ? "any" : String.join("|", t);
    }

    static Set<String> strings(JsonNode array) {
        Set<String> s = new LinkedHashSet<>();
        if (array.isArray()) {
            array.forEach(x -> s.add(x.asText()));
        }
        return s;
    }
}
