package io.scalableapi.gateway.support;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sizes of every map and collection held by the given beans and the gateway objects they hold (by field path, such
 * as {@code RateLimiter.batcher.lanes}), found by reflection so that a map added later is measured too: what a test
 * compares before and after a flood of junk to show that nothing keyed by what a client sends keeps growing.
 */
public final class MapSizes {

    private static final int DEPTH = 4;

    private MapSizes() {
    }

    public static Map<String, Integer> of(Object... beans) {
        Map<String, Integer> sizes = new TreeMap<>();
        IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        for (Object bean : beans) {
            walk(bean, bean.getClass().getSimpleName().replaceAll("_.*", ""), 0, sizes, seen);
        }
        return sizes;
    }

    private static void walk(Object object, String path, int depth, Map<String, Integer> sizes,
            IdentityHashMap<Object, Boolean> seen) {
        if (object == null || depth > DEPTH || seen.put(object, Boolean.TRUE) != null) {
            return;
        }
        for (Class<?> type = object.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
                    continue;
                }
                Object value;
                try {
                    field.setAccessible(true);
                    value = field.get(object);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    continue;
                }
                String at = path + "." + field.getName();
                if (value instanceof Map<?, ?> map) {
                    sizes.put(at, map.size());
                } else if (value instanceof Collection<?> collection) {
                    sizes.put(at, collection.size());
                } else if (value != null && value.getClass().getName().startsWith("io.scalableapi.")) {
                    walk(value, at, depth + 1, sizes, seen);
                }
            }
        }
    }
}
