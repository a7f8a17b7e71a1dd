package io.scalableapi.contracts.gate;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The values of the public {@code String} and primitive constants of a set of compiled classes, one per line:
 * {@code io.x.Type.NAME = value}. The rest of the Java API is japicmp's (shared-contracts' pom), which reports a
 * removed or retyped constant but not a changed value: the compiler inlines constants into callers, so a changed
 * topic name or event type breaks at run time what no binary comparison sees. That is why this part stays.
 */
final class ConstantValues {

    private ConstantValues() {
    }

    /** Names of every top-level and nested class under {@code classesDir}. */
    static List<String> classNames(Path classesDir) throws IOException {
        try (Stream<Path> files = Files.walk(classesDir)) {
            return files.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> classesDir.relativize(p).toString())
                    .filter(p -> !p.endsWith("module-info.class") && !p.endsWith("package-info.class"))
                    .map(p -> p.substring(0, p.length() - ".class".length()).replace('/', '.').replace('\\', '.'))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    static Map<String, String> of(ClassLoader loader, List<String> classNames) throws ClassNotFoundException {
        Map<String, String> constants = new TreeMap<>();
        for (String name : classNames) {
            Class<?> c = Class.forName(name, false, loader);
            if (!isVisible(c) || c.isSynthetic() || c.isAnonymousClass() || c.isLocalClass()) {
                continue;
            }
            for (Field f : c.getDeclaredFields()) {
                int m = f.getModifiers();
                boolean constant = Modifier.isStatic(m) && Modifier.isFinal(m)
                        && (f.getType().isPrimitive() || f.getType() == String.class);
                if (constant && visible(m) && !f.isSynthetic()) {
                    value(f).ifPresent(v -> constants.put(c.getName() + "." + f.getName(), v));
                }
            }
        }
        return constants;
    }

    private static java.util.Optional<String> value(Field f) {
        try {
            f.setAccessible(true);
            Object v = f.get(null);
            return java.util.Optional.of(v instanceof String ? "\"" + v + "\"" : String.valueOf(v));
        } catch (ReflectiveOperationException | RuntimeException | ExceptionInInitializerError e) {
            return java.util.Optional.empty();
        }
    }

    private static boolean isVisible(Class<?> c) {
        for (Class<?> x = c; x != null; x = x.getDeclaringClass()) {
            if (!visible(x.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }
}
