import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The module graph of the reactor, read from the POMs (never a hard-coded list). Run with the JDK's source launcher:
 *
 * <pre>
 * java scripts/lib/ModuleGraph.java ROOT modules                 name, version, artifactId of each module, reactor order
 * java scripts/lib/ModuleGraph.java ROOT edges                   "module dependency" for in-repo dependencies
 * java scripts/lib/ModuleGraph.java ROOT dependents M...         M and every module depending on them, reactor order
 * java scripts/lib/ModuleGraph.java ROOT version M               M's own version
 * java scripts/lib/ModuleGraph.java ROOT has-dependency M A      exit 0 when M depends on artifactId A
 * java scripts/lib/ModuleGraph.java ROOT set-version M V         M's own version := V (and the parent's M.version property)
 * </pre>
 */
public class ModuleGraph {

    record Module(String dir, String artifactId, String version, Set<String> dependencies) {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Map<String, Module> modules = read(root);
        String cmd = args[1];
        switch (cmd) {
            case "modules" -> modules.values().forEach(m -> System.out.println(m.dir + " " + m.version + " " + m.artifactId));
            case "edges" -> modules.values().forEach(m -> m.dependencies.forEach(d -> System.out.println(m.dir + " " + d)));
            case "dependents" -> {
                Set<String> set = new LinkedHashSet<>();
                for (int i = 2; i < args.length; i++) {
                    require(modules, args[i]);
                    set.add(args[i]);
                }
                boolean grew = true;
                while (grew) {
                    grew = false;
                    for (Module m : modules.values()) {
                        if (!set.contains(m.dir) && m.dependencies.stream().anyMatch(set::contains)) {
                            grew = set.add(m.dir);
                        }
                    }
                }
                modules.keySet().stream().filter(set::contains).forEach(System.out::println);
            }
            case "version" -> System.out.println(require(modules, args[2]).version);
            case "has-dependency" -> {
                Module m = require(modules, args[2]);
                String pom = Files.readString(root.resolve(m.dir).resolve("pom.xml"));
                System.exit(pom.contains("<artifactId>" + args[3] + "</artifactId>") ? 0 : 1);
            }
            case "set-version" -> setVersion(root, require(modules, args[2]), args[3]);
            default -> {
                System.err.println("unknown command " + cmd);
                System.exit(2);
            }
        }
    }

    private static Module require(Map<String, Module> modules, String name) {
        Module m = modules.get(name);
        if (m == null) {
            System.err.println("no module " + name + " in the reactor; modules: " + modules.keySet());
            System.exit(2);
        }
        return m;
    }

    /** Modules in reactor order (dependencies first), keyed by directory. */
    static Map<String, Module> read(Path root) throws Exception {
        Document parent = parse(root.resolve("pom.xml"));
        String groupId = text(parent.getDocumentElement(), "groupId");
        Map<String, Module> byArtifact = new LinkedHashMap<>();
        for (Element mod : children(child(parent.getDocumentElement(), "modules"), "module")) {
            String dir = mod.getTextContent().trim();
            Element p = parse(root.resolve(dir).resolve("pom.xml")).getDocumentElement();
            String artifactId = text(p, "artifactId");
            String version = text(p, "version") != null ? text(p, "version") : text(child(p, "parent"), "version");
            Set<String> deps = new LinkedHashSet<>();
            for (Element d : children(child(p, "dependencies"), "dependency")) {
                String g = text(d, "groupId");
                if (groupId.equals(g) || "${project.groupId}".equals(g)) {
                    deps.add(text(d, "artifactId"));
                }
            }
            byArtifact.put(artifactId, new Module(dir, artifactId, version, deps));
        }
        // dependencies by directory name, in-repo only; then order so that dependencies come first
        Map<String, Module> byDir = new LinkedHashMap<>();
        for (Module m : byArtifact.values()) {
            Set<String> deps = new LinkedHashSet<>();
            m.dependencies.stream().filter(byArtifact::containsKey).forEach(a -> deps.add(byArtifact.get(a).dir));
            byDir.put(m.dir, new Module(m.dir, m.artifactId, m.version, deps));
        }
        Map<String, Module> ordered = new LinkedHashMap<>();
        while (ordered.size() < byDir.size()) {
            int before = ordered.size();
            for (Module m : byDir.values()) {
                if (!ordered.containsKey(m.dir) && ordered.keySet().containsAll(m.dependencies)) {
                    ordered.put(m.dir, m);
                }
            }
            if (ordered.size() == before) {
                throw new IllegalStateException("dependency cycle among " + byDir.keySet());
            }
        }
        return ordered;
    }

    /** Rewrites only the text of the module's own {@code <version>} (and the parent's {@code <module>.version}). */
    static void setVersion(Path root, Module m, String version) throws Exception {
        Path pom = root.resolve(m.dir).resolve("pom.xml");
        String s = Files.readString(pom, StandardCharsets.UTF_8);
        int afterParent = s.indexOf("</parent>");
        int at = s.indexOf("<version>" + m.version + "</version>", Math.max(afterParent, 0));
        int artifact = s.indexOf("<artifactId>" + m.artifactId + "</artifactId>", Math.max(afterParent, 0));
        if (at < 0 || artifact < 0 || at < artifact) {
            throw new IllegalStateException("cannot find the project version of " + pom);
        }
        s = s.substring(0, at) + "<version>" + version + "</version>"
                + s.substring(at + ("<version>" + m.version + "</version>").length());
        Files.writeString(pom, s, StandardCharsets.UTF_8);
        System.out.println(pom);

        Path parentPom = root.resolve("pom.xml");
        String p = Files.readString(parentPom, StandardCharsets.UTF_8);
        Matcher x = Pattern.compile("<" + Pattern.quote(m.artifactId) + "\\.version>[^<]*</").matcher(p);
        if (x.find()) {
            p = x.replaceFirst(Matcher.quoteReplacement("<" + m.artifactId + ".version>" + version + "</"));
            Files.writeString(parentPom, p, StandardCharsets.UTF_8);
            System.out.println(parentPom);
        }
    }

    private static Document parse(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    private static Element child(Element e, String name) {
        if (e == null) {
            return null;
        }
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static List<Element> children(Element e, String name) {
        List<Element> l = new ArrayList<>();
        if (e != null) {
            for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element c && c.getTagName().equals(name)) {
                    l.add(c);
                }
            }
        }
        return l;
    }

    private static String text(Element e, String name) {
        Element c = child(e, name);
        return c == null ? null : c.getTextContent().trim();
    }
}
