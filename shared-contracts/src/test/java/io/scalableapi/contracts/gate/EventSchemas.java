package io.scalableapi.contracts.gate;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * JSON Schemas (draft 2020-12) of the event payload records, as Jackson writes them. A component is required when it
 * is a primitive (it can never be absent or null) or is annotated {@code @JsonProperty(required = true)}; every other
 * component is optional and may be null.
 */
final class EventSchemas {

    static final ObjectMapper JSON = new ObjectMapper();

    private EventSchemas() {
    }

    /** Event type → schema, for every entry of {@code SampleEvents.PAYLOADS} loaded through {@code loader}. */
    @SuppressWarnings("unchecked")
    static Map<String, ObjectNode> of(ClassLoader loader) throws ReflectiveOperationException {
        Class<?> samples = Class.forName("io.scalableapi.contracts.samples.SampleEvents", true, loader);
        Map<String, Class<?>> payloads = (Map<String, Class<?>>) samples.getField("PAYLOADS").get(null);
        Map<String, ObjectNode> schemas = new TreeMap<>();
        payloads.forEach((type, cls) -> {
            ObjectNode s = JSON.createObjectNode();
            s.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            s.put("$id", type);
            s.put("title", cls.getName());
            s.setAll(schemaOf(cls, new ArrayList<>()));
            schemas.put(type, s);
        });
        return schemas;
    }

    static ObjectNode schemaOf(Type type, List<Class<?>> seen) {
        ObjectNode s = JSON.createObjectNode();
        Class<?> raw = raw(type);
        if (raw == String.class || raw == char.class || raw == Character.class) {
            s.put("type", "string");
        } else if (raw == UUID.class) {
            s.put("type", "string").put("format", "uuid");
        } else if (raw == OffsetDateTime.class || raw == Instant.class || raw == ZonedDateTime.class) {
            s.put("type", "string").put("format", "date-time");
        } else if (raw == LocalDate.class) {
            s.put("type", "string").put("format", "date");
        } else if (raw == URI.class) {
            s.put("type", "string").put("format", "uri");
        } else if (raw == boolean.class || raw == Boolean.class) {
            s.put("type", "boolean");
        } else if (raw == int.class || raw == Integer.class || raw == short.class || raw == Short.class
                || raw == byte.class || raw == Byte.class) {
            s.put("type", "integer").put("format", "int32");
        } else if (raw == long.class || raw == Long.class) {
            s.put("type", "integer").put("format", "int64");
        } else if (raw == BigInteger.class) {
            s.put("type", "integer");
        } else if (raw == BigDecimal.class || raw == double.class || raw == Double.class || raw == float.class
                || raw == Float.class) {
            s.put("type", "number");
        } else if (raw.isEnum()) {
            s.put("type", "string");
            ArrayNode values = s.putArray("enum");
            for (Object c : raw.getEnumConstants()) {
                values.add(((Enum<?>) c).name());
            }
        } else if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
            s.put("type", "array");
            Type element = raw.isArray() ? raw.getComponentType() : arg(type, 0);
            s.set("items", schemaOf(element, seen));
        } else if (Map.class.isAssignableFrom(raw)) {
            s.put("type", "object");
            Type value = arg(type, 1);
            s.set("additionalProperties", raw(value) == Object.class ? JSON.createObjectNode() : schemaOf(value, seen));
        } else if (raw.isRecord()) {
            if (seen.contains(raw)) {
                return s.put("type", "object").put("x-recursive", raw.getName());
            }
            seen.add(raw);
            s.put("type", "object");
            ObjectNode props = s.putObject("properties");
            ArrayNode required = JSON.createArrayNode();
            for (RecordComponent c : raw.getRecordComponents()) {
                Field f = field(raw, c.getName());
                if (f != null && f.isAnnotationPresent(JsonIgnore.class)) {
                    continue;
                }
                JsonProperty jp = f == null ? null : f.getAnnotation(JsonProperty.class);
                String name = jp != null && !jp.value().isEmpty() ? jp.value() : c.getName();
                props.set(name, schemaOf(c.getGenericType(), seen));
                if (c.getType().isPrimitive() || (jp != null && jp.required())) {
                    required.add(name);
                }
            }
            s.set("required", required);
            seen.remove(raw);
        } else {
            // Object and anything unknown: any JSON value
            s.put("x-java-type", raw.getName());
        }
        return s;
    }

    private static Field field(Class<?> c, String name) {
        try {
            return c.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof WildcardType w) {
            return raw(w.getUpperBounds()[0]);
        }
        return Object.class;
    }

    private static Type arg(Type type, int i) {
        return type instanceof ParameterizedType p ? p.getActualTypeArguments()[i] : Object.class;
    }

    static JsonNode read(java.nio.file.Path file) throws java.io.IOException {
        return JSON.readTree(file.toFile());
    }
}
