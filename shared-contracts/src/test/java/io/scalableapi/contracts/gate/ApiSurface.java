package io.scalableapi.contracts.gate;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public Java API of a set of compiled classes, one line per element: {@code key = description}. An element whose
 * key disappears, or whose description changes, breaks callers; new keys are compatible. Constant values are part of
 * the description, because a changed topic name or event type breaks at run time what the compiler cannot see.
 */
final class ApiSurface {

    private ApiSurface() {
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
        Map<String, String> api = new TreeMap<>();
        for (String name : classNames) {
            Class<?> c = Class.forName(name, false, loader);
            if (!isVisible(c) || c.isSynthetic() || c.isAnonymousClass() || c.isLocalClass()) {
                continue;
            }
            String t = c.getName();
            api.put("type " + t, kind(c) + supertypes(c));
            for (Field f : c.getDeclaredFields()) {
                if (visible(f.getModifiers()) && !f.isSynthetic()) {
                    if (f.isEnumConstant()) {
                        api.put("enum-constant " + t + "." + f.getName(), "");
                    } else {
                        api.put("field " + t + "." + f.getName(), mods(f.getModifiers()) + f.getGenericType().getTypeName()
                                + constant(f));
                    }
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (visible(k.getModifiers()) && !k.isSynthetic() && !(c.isEnum())) {
                    api.put("constructor " + t + params(k.getGenericParameterTypes()), mods(k.getModifiers()).trim()
                            + throwsClause(k.getGenericExceptionTypes()));
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                    api.put("method " + t + "#" + m.getName() + params(m.getGenericParameterTypes()),
                            mods(m.getModifiers()) + m.getGenericReturnType().getTypeName()
                                    + throwsClause(m.getGenericExceptionTypes()));
                }
            }
        }
        return api;
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

    private static String kind(Class<?> c) {
        String k = c.isAnnotation() ? "annotation" : c.isInterface() ? "interface" : c.isEnum() ? "enum"
                : c.isRecord() ? "record" : "class";
        int m = c.getModifiers();
        StringBuilder s = new StringBuilder(Modifier.isProtected(m) ? "protected " : "public ");
        if (c.getDeclaringClass() != null && Modifier.isStatic(m) && !c.isInterface() && !c.isEnum() && !c.isRecord()) {
            s.append("static ");
        }
        if (k.equals("class") && Modifier.isAbstract(m)) {
            s.append("abstract ");
        }
        if (k.equals("class") && Modifier.isFinal(m)) {
            s.append("final ");
        }
        return s.append(k).toString();
    }

    private static String supertypes(Class<?> c) {
        List<String> s = new ArrayList<>();
        Type sup = c.getGenericSuperclass();
        if (sup != null && sup != Object.class && sup != Record.class && !c.isEnum()) {
            s.add(sup.getTypeName());
        }
        Arrays.stream(c.getGenericInterfaces()).map(Type::getTypeName).sorted().forEach(s::add);
        return s.isEmpty() ? "" : " extends " + String.join(", ", s);
    }

    private static String mods(int m) {
        StringBuilder s = new StringBuilder(Modifier.isProtected(m) ? "protected " : "public ");
        if (Modifier.isStatic(m)) {
            s.append("static ");
        }
        if (Modifier.isAbstract(m)) {
            s.append("abstract ");
        }
        if (Modifier.isFinal(m)) {
            s.append("final ");
        }
        return s.toString();
    }

    private static String params(Type[] types) {
        return Arrays.stream(types).map(Type::getTypeName).collect(Collectors.joining(", ", "(", ")"));
    }

    private static String throwsClause(Type[] types) {
        return types.length == 0 ? "" : " throws " + Arrays.stream(types).map(Type::getTypeName).sorted()
                .collect(Collectors.joining(", "));
    }

    private static String constant(Field f) {
        int m = f.getModifiers();
        if (!Modifier.isStatic(m) || !Modifier.isFinal(m)) {
            return "";
        }
        Class<?> t = f.getType();
        if (!(t.isPrimitive() || t == String.class)) {
            return "";
        }
        try {
            f.setAccessible(true);
            Object v = f.get(null);
            return " = " + (v instanceof String ? "\"" + v + "\"" : String.valueOf(v));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "";
        }
    }
}
