package io.scalableapi.contracts.samples;

import io.scalableapi.contracts.catalog.CatalogEventTypes;
import io.scalableapi.contracts.catalog.CategoryDeletedV1;
import io.scalableapi.contracts.catalog.CategoryEventV1;
import io.scalableapi.contracts.catalog.ProductDeletedV1;
import io.scalableapi.contracts.catalog.ProductEventV1;
import io.scalableapi.contracts.catalog.ProductPriceChangedV1;
import io.scalableapi.contracts.user.UserDeletedV1;
import io.scalableapi.contracts.user.UserEventTypes;
import io.scalableapi.contracts.user.UserProfileUpdatedV1;
import io.scalableapi.contracts.user.UserRegisteredV1;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Every event type of the platform with its payload record, and a sample payload of each built from the record
 * itself. Producers register their event types here; the contract gate fails when an {@code *EventTypes} constant is
 * missing, and consumers test their handlers with {@link #all()} instead of copied JSON, so a consumer test breaks
 * as soon as the producer's contract changes in a way the handler cannot take.
 *
 * <pre>{@code
 * for (var e : SampleEvents.all().entrySet()) {
 *     String json = objectMapper.writeValueAsString(e.getValue());   // what the producer's outbox writes
 *     handler.handle(e.getKey(), json);                                // must not throw
 * }
 * }</pre>
 */
public final class SampleEvents {

    /** CloudEvents {@code type} → payload record, in a stable order. */
    public static final Map<String, Class<? extends Record>> PAYLOADS = payloads();

    private static Map<String, Class<? extends Record>> payloads() {
        Map<String, Class<? extends Record>> m = new LinkedHashMap<>();
        m.put(CatalogEventTypes.PRODUCT_CREATED, ProductEventV1.class);
        m.put(CatalogEventTypes.PRODUCT_UPDATED, ProductEventV1.class);
        m.put(CatalogEventTypes.PRODUCT_PRICE_CHANGED, ProductPriceChangedV1.class);
        m.put(CatalogEventTypes.PRODUCT_DELETED, ProductDeletedV1.class);
        m.put(CatalogEventTypes.CATEGORY_CREATED, CategoryEventV1.class);
        m.put(CatalogEventTypes.CATEGORY_UPDATED, CategoryEventV1.class);
        m.put(CatalogEventTypes.CATEGORY_DELETED, CategoryDeletedV1.class);
        m.put(UserEventTypes.REGISTERED, UserRegisteredV1.class);
        m.put(UserEventTypes.PROFILE_UPDATED, UserProfileUpdatedV1.class);
        m.put(UserEventTypes.DELETED, UserDeletedV1.class);
        return Collections.unmodifiableMap(m);
    }

    /** A fixed point in time, so samples are reproducible. */
    public static final OffsetDateTime TIME = OffsetDateTime.of(2026, 1, 15, 10, 30, 0, 0, ZoneOffset.UTC);

    /** Every registered event type with a sample payload, in {@link #PAYLOADS} order. */
    public static Map<String, Object> all() {
        Map<String, Object> m = new LinkedHashMap<>();
        PAYLOADS.forEach((type, cls) -> m.put(type, sample(cls)));
        return Collections.unmodifiableMap(m);
    }

    /** The event types whose CloudEvents {@code type} starts with {@code prefix} (e.g. {@code io.scalableapi.catalog.}). */
    public static Map<String, Object> withPrefix(String prefix) {
        Map<String, Object> m = new LinkedHashMap<>();
        all().forEach((type, payload) -> {
            if (type.startsWith(prefix)) {
                m.put(type, payload);
            }
        });
        return m;
    }

    /** The sample payload of one event type. */
    public static Object sample(String eventType) {
        Class<? extends Record> cls = PAYLOADS.get(eventType);
        if (cls == null) {
            throw new IllegalArgumentException("unknown event type " + eventType + "; known: " + PAYLOADS.keySet());
        }
        return sample(cls);
    }

    /** A sample instance of a record: every component filled with a plausible, deterministic value. */
    public static <T> T sample(Class<T> recordType) {
        if (!recordType.isRecord()) {
            throw new IllegalArgumentException(recordType + " is not a record");
        }
        RecordComponent[] components = recordType.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = value(components[i].getName(), components[i].getGenericType());
        }
        try {
            Constructor<T> canonical = recordType.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return canonical.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build a sample " + recordType.getName(), e);
        }
    }

    private static Object value(String name, Type type) {
        Class<?> raw = raw(type);
        String n = name.toLowerCase();
        if (raw == String.class) {
            if (n.endsWith("currency")) {
                return "EUR";
            }
            if (n.equals("locale")) {
                return "en-GB";
            }
            if (n.contains("email")) {
                return "sample@example.org";
            }
            if (n.equals("sku")) {
                return "SKU-0001";
            }
            if (n.equals("via")) {
                return "registration";
            }
            if (n.contains("cursor")) {
                return null;
            }
            return "sample " + name;
        }
        if (raw == UUID.class) {
            return UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        if (raw == int.class || raw == Integer.class) {
            return 3;
        }
        if (raw == long.class || raw == Long.class) {
            return 2L;
        }
        if (raw == short.class || raw == Short.class) {
            return (short) 1;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return Boolean.TRUE;
        }
        if (raw == double.class || raw == Double.class) {
            return 1.5d;
        }
        if (raw == float.class || raw == Float.class) {
            return 1.5f;
        }
        if (raw == BigDecimal.class) {
            return n.startsWith("old") ? new BigDecimal("24.99") : new BigDecimal("19.99");
        }
        if (raw == OffsetDateTime.class) {
            return TIME;
        }
        if (raw == Instant.class) {
            return TIME.toInstant();
        }
        if (raw == LocalDate.class) {
            return TIME.toLocalDate();
        }
        if (raw == URI.class) {
            return URI.create("https://example.org/" + name);
        }
        if (raw.isEnum()) {
            return raw.getEnumConstants()[0];
        }
        if (raw.isRecord()) {
            return sample(raw);
        }
        if (List.class.isAssignableFrom(raw) || raw == java.util.Collection.class) {
            Object element = value(singular(name), arg(type, 0));
            return element == null ? List.of() : List.of(element);
        }
        if (Set.class.isAssignableFrom(raw)) {
            Object element = value(singular(name), arg(type, 0));
            return element == null ? Set.of() : Set.of(element);
        }
        if (Map.class.isAssignableFrom(raw)) {
            Type valueType = arg(type, 1);
            Object v = raw(valueType) == Object.class ? "red" : value("value", valueType);
            return Map.of("colour", v);
        }
        if (raw == Object.class) {
            return "sample";
        }
        throw new IllegalStateException("no sample value for " + type + " " + name + ": teach SampleEvents this type");
    }

    private static String singular(String name) {
        return name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    private static Type arg(Type type, int i) {
        return type instanceof ParameterizedType p ? p.getActualTypeArguments()[i] : Object.class;
    }

    private SampleEvents() {
    }
}
