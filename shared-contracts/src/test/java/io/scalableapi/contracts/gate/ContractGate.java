package io.scalableapi.contracts.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The contract compatibility gate. Compares what the code declares now with the committed baseline of the last
 * release and names every change that breaks a caller, a consumer or a client. The Java API of shared-contracts is
 * japicmp's (its pom compares the built jar with {@code contract-baseline/shared-contracts-<major>.jar}, which
 * {@code contracts update} records); this class keeps what japicmp does not check: the JSON Schema of event payloads,
 * the values of constants, and the OpenAPI documents.
 *
 * <pre>
 * ContractGate contracts check|update CLASSES_DIR BASELINE_DIR VERSION [--accept-breaking]
 * ContractGate openapi   check|update MODULE OPENAPI_JSON BASELINE_DIR VERSION [--accept-breaking]
 * </pre>
 *
 * Exit status 0: compatible (or recorded); 1: breaking changes; 2: usage. {@code scripts/contract-gate.sh} runs it;
 * {@code ContractGateTest} runs the {@code contracts} part in every build of shared-contracts.
 */
public final class ContractGate {

    static final String PREFIX = "[contract-gate] ";

    /** What a run found. {@code failures} fail the build; {@code allowed} are breaks a version bump permits. */
    record Result(List<String> failures, List<String> allowed, List<String> notes) {
        Result() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }

        boolean ok() {
            return failures.isEmpty();
        }

        String report() {
            StringBuilder s = new StringBuilder();
            notes.forEach(n -> s.append(PREFIX).append(n).append('\n'));
            allowed.forEach(a -> s.append(PREFIX).append("allowed by the version bump: ").append(a).append('\n'));
            failures.forEach(f -> s.append(PREFIX).append("BREAKING ").append(f).append('\n'));
            return s.toString();
        }
    }

    private ContractGate() {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = new ArrayList<>(List.of(args));
        boolean accept = a.remove("--accept-breaking");
        Result r;
        if (a.size() == 5 && a.get(0).equals("contracts")) {
            r = contracts(a.get(1).equals("update"), Path.of(a.get(2)), Path.of(a.get(3)), a.get(4), accept);
        } else if (a.size() == 6 && a.get(0).equals("openapi")) {
            r = openapi(a.get(1).equals("update"), a.get(2), Path.of(a.get(3)), Path.of(a.get(4)), a.get(5), accept);
        } else {
            System.err.println("usage: ContractGate contracts check|update CLASSES BASELINE VERSION [--accept-breaking]\n"
                    + "       ContractGate openapi check|update MODULE OPENAPI_JSON BASELINE VERSION [--accept-breaking]");
            System.exit(2);
            return;
        }
        PrintStream out = r.ok() ? System.out : System.err;
        out.print(r.report());
        System.exit(r.ok() ? 0 : 1);
    }

    // ---------------------------------------------------------------- shared-contracts: Java API and event schemas

    static Result contracts(boolean update, Path classes, Path baseline, String version, boolean acceptBreaking)
            throws Exception {
        Result r = new Result();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                ContractGate.class.getClassLoader())) {
            List<String> classNames = ConstantValues.classNames(classes);
            Map<String, String> constants = ConstantValues.of(loader, classNames);
            Map<String, ObjectNode> events = EventSchemas.of(loader);
            boolean hasBaseline = Files.isRegularFile(baseline.resolve("baseline.properties"));
            String baseVersion = hasBaseline ? baselineVersion(baseline) : version;
            boolean bumped = !compatKey(baseVersion).equals(compatKey(version));
            List<String> breaks = new ArrayList<>();

            unregisteredEventTypes(loader, classNames, events, hasBaseline ? r.failures : r.notes);

            if (hasBaseline) {
                if (!update && !bumped && !Files.isRegularFile(baseline.resolve(javaApiJar(version)))) {
                    r.failures.add("java-api: no baseline " + baseline.resolve(javaApiJar(version)) + " for japicmp, so "
                            + "the Java API of shared-contracts " + baseVersion + " is unguarded; record it with "
                            + "scripts/contract-gate.sh --update");
                }
                Map<String, String> oldConstants = readConstants(baseline.resolve(CONSTANTS));
                for (Map.Entry<String, String> e : oldConstants.entrySet()) {
                    String now = constants.get(e.getKey());
                    if (now == null) {
                        breaks.add("constant removed: " + e.getKey());
                    } else if (!now.equals(e.getValue())) {
                        breaks.add("constant value changed: " + e.getKey() + ": was " + e.getValue() + ", now " + now);
                    }
                }
                Map<String, JsonNode> oldEvents = readEvents(baseline.resolve("events"));
                List<String> schemaBreaks = new ArrayList<>();
                for (Map.Entry<String, JsonNode> e : oldEvents.entrySet()) {
                    ObjectNode now = events.get(e.getKey());
                    if (now == null) {
                        breaks.add("event type removed: " + e.getKey()
                                + " (retire a type only after every consumer has moved to its successor)");
                        continue;
                    }
                    List<String> found = new ArrayList<>();
                    new SchemaDiff(e.getValue(), now, SchemaDiff.Mode.EVENT, found).compare(e.getKey(), e.getValue(), now);
                    found.forEach(f -> schemaBreaks.add("event " + f));
                }
                // A changed payload of a published event type is never allowed: consumers and stored events keep it.
                schemaBreaks.forEach(b -> r.failures.add(b + " -> publish a new event type ("
                        + nextVersion(b) + ") beside the old one instead; see RELEASING.md"));
                for (String b : breaks) {
                    if (bumped) {
                        r.allowed.add(b + " (major version " + baseVersion + " -> " + version + ")");
                    } else {
                        r.failures.add(b + " -> breaks callers of shared-contracts " + baseVersion
                                + ": keep the old element (deprecate it), or make this a new major version");
                    }
                }
                r.notes.add("shared-contracts " + version + " vs baseline " + baseVersion + ": " + constants.size()
                        + " constants, " + events.size() + " event types, " + (breaks.size() + schemaBreaks.size())
                        + " breaking change(s)");
            } else {
                r.notes.add("shared-contracts: no baseline in " + baseline + " yet; record one with "
                        + "scripts/contract-gate.sh --update");
            }

            if (update) {
                if (!r.ok() && !acceptBreaking) {
                    r.failures.add("refusing to record a baseline with breaking changes (--accept-breaking records it "
                            + "anyway, for a contract that was never released)");
                    return r;
                }
                r.failures.clear();
                writeContracts(baseline, classes, constants, events, version);
                r.notes.add("recorded baseline " + version + " in " + baseline);
            }
        }
        return r;
    }

    /** Every {@code *EventTypes} string constant that names a versioned event type needs a payload in SampleEvents. */
    private static void unregisteredEventTypes(ClassLoader loader, List<String> classNames, Map<String, ObjectNode> events,
            List<String> sink) throws ClassNotFoundException, IllegalAccessException {
        for (String name : classNames) {
            if (!name.endsWith("EventTypes")) {
                continue;
            }
            for (Field f : Class.forName(name, true, loader).getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                    String type = (String) f.get(null);
                    if (type != null && type.matches(".*\\.v\\d+$") && !events.containsKey(type)) {
                        sink.add("event type " + type + " (" + name + "." + f.getName()
                                + ") has no payload record in io.scalableapi.contracts.samples.SampleEvents.PAYLOADS");
                    }
                }
            }
        }
    }

    /** {@code event io.x.thing.v1.field: ...} → {@code io.x.thing.v2}. */
    private static String nextVersion(String breakMessage) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^event (.*?\\.v)(\\d+)").matcher(breakMessage);
        return m.find() ? m.group(1) + (Integer.parseInt(m.group(2)) + 1) : "a .v2 type";
    }

    static final String CONSTANTS = "constants.txt";

    /** The Java API baseline japicmp reads: the release's classes, one jar per major version (shared-contracts' pom). */
    static String javaApiJar(String version) {
        return "shared-contracts-" + version.split("[.-]")[0] + ".jar";
    }

    private static void writeContracts(Path baseline, Path classes, Map<String, String> constants,
            Map<String, ObjectNode> events, String version) throws IOException {
        Files.createDirectories(baseline.resolve("events"));
        try (Stream<Path> old = Files.list(baseline.resolve("events"))) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        StringBuilder s = new StringBuilder("# Values of the public constants of shared-contracts " + version
                + ". Written by scripts/contract-gate.sh --update; do not edit.\n");
        constants.forEach((k, v) -> s.append(k).append(" = ").append(v).append('\n'));
        Files.writeString(baseline.resolve(CONSTANTS), s.toString(), StandardCharsets.UTF_8);
        writeJar(classes, baseline, javaApiJar(version));
        for (Map.Entry<String, ObjectNode> e : events.entrySet()) {
            Files.writeString(baseline.resolve("events").resolve(e.getKey() + ".schema.json"),
                    EventSchemas.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(e.getValue()) + "\n");
        }
        writeVersion(baseline, "shared-contracts", version);
    }

    /** The compiled classes (and resources) as a jar, replacing the baselines of earlier major versions. */
    private static void writeJar(Path classes, Path baseline, String name) throws IOException {
        try (Stream<Path> old = Files.list(baseline)) {
            for (Path p : old.filter(f -> f.getFileName().toString().matches("shared-contracts-\\d+\\.jar")).toList()) {
                Files.delete(p);
            }
        }
        try (Stream<Path> files = Files.walk(classes);
                JarOutputStream jar = new JarOutputStream(Files.newOutputStream(baseline.resolve(name)))) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                JarEntry entry = new JarEntry(classes.relativize(p).toString().replace('\\', '/'));
                entry.setTime(0); // the same classes give the same jar: a re-recorded baseline shows no diff
                jar.putNextEntry(entry);
                Files.copy(p, jar);
                jar.closeEntry();
            }
        }
    }

    private static Map<String, String> readConstants(Path file) throws IOException {
        Map<String, String> m = new TreeMap<>();
        if (!Files.isRegularFile(file)) {
            return m;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int i = line.indexOf(" = ");
            m.put(line.substring(0, i), line.substring(i + 3));
        }
        return m;
    }

    private static Map<String, JsonNode> readEvents(Path dir) throws IOException {
        Map<String, JsonNode> m = new TreeMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.filter(f -> f.toString().endsWith(".schema.json")).toList()) {
                    String name = p.getFileName().toString();
                    m.put(name.substring(0, name.length() - ".schema.json".length()), EventSchemas.read(p));
                }
            }
        }
        return m;
    }

    // ---------------------------------------------------------------- a service's HTTP API

    static Result openapi(boolean update, String module, Path document, Path baseline, String version,
            boolean acceptBreaking) throws IOException {
        Result r = new Result();
        JsonNode now = EventSchemas.read(document);
        Path oldFile = baseline.resolve("openapi.json");
        if (Files.isRegularFile(oldFile) && Files.isRegularFile(baseline.resolve("baseline.properties"))) {
            String baseVersion = baselineVersion(baseline);
            boolean bumped = !compatKey(baseVersion).equals(compatKey(version));
            List<String> breaks = OpenApiDiff.breaks(EventSchemas.read(oldFile), now);
            for (String b : breaks) {
                if (bumped) {
                    r.allowed.add(module + " HTTP API: " + b + " (version " + baseVersion + " -> " + version + ")");
                } else {
                    r.failures.add(module + " HTTP API: " + b + " -> breaks clients of " + module + " " + baseVersion
                            + ": keep the old endpoint/field (serve /api/v2/... beside /api/v1/...), or release a new "
                            + "major version of " + module);
                }
            }
            r.notes.add(module + " " + version + " vs baseline " + baseVersion + ": " + now.path("paths").size()
                    + " paths, " + breaks.size() + " breaking change(s)");
        } else {
            r.notes.add(module + ": no OpenAPI baseline in " + baseline + " yet; record one with "
                    + "scripts/contract-gate.sh --update");
        }
        if (update) {
            if (!r.ok() && !acceptBreaking) {
                r.failures.add("refusing to record a baseline with breaking changes (--accept-breaking records it "
                        + "anyway, for an API that was never released)");
                return r;
            }
            r.failures.clear();
            Files.createDirectories(baseline);
            Files.writeString(oldFile, EventSchemas.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(now) + "\n");
            writeVersion(baseline, module, version);
            r.notes.add("recorded OpenAPI baseline of " + module + " " + version + " in " + baseline);
        }
        return r;
    }

    // ---------------------------------------------------------------- versions

    /** Semantic versioning: versions with the same key are compatible (1.x.y: "1"; 0.x.y: "0.x"). */
    static String compatKey(String version) {
        String[] p = version.split("[.-]");
        return p[0].equals("0") && p.length > 1 ? "0." + p[1] : p[0];
    }

    private static String baselineVersion(Path baseline) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newInputStream(baseline.resolve("baseline.properties"))) {
            p.load(in);
        }
        return p.getProperty("version");
    }

    private static void writeVersion(Path baseline, String module, String version) throws IOException {
        Files.writeString(baseline.resolve("baseline.properties"), "# The contract of " + module
                + " as of this version. Written by scripts/contract-gate.sh --update (scripts/release.sh runs it).\n"
                + "version=" + version + "\n");
    }
}
