package io.scalableapi.gateway.journeys;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One packaged service ({@code target/quarkus-app/quarkus-run.jar}) run as its own JVM on a free port, the way
 * scripts/run.sh runs it. Stopped by its own PID only.
 */
final class ServiceProcess {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port;
    final int managementPort;
    private final Path jar;
    private final Map<String, String> properties;
    private final Path log;
    private Process process;

    ServiceProcess(Path repository, String name, Map<String, String> properties) {
        this.name = name;
        this.port = freePort();
        this.managementPort = freePort();
        this.jar = repository.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        this.properties = properties;
        this.log = repository.resolve("gateway-service/target/journeys").resolve(name + ".log");
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The management interface (/q/health, /q/metrics, /q/openapi), on its own free port like the API's. */
    String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    ServiceProcess start() {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the journeys run after the services are packaged "
                    + "(scripts/test.sh runs them in the full build)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx384m", "-Dquarkus.profile=local", "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.port=" + managementPort));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", jar.toString()));
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("Could not start " + name, e);
        }
        return this;
    }

    void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> r = get("/q/health/ready");
                if (r.statusCode() == 200) {
                    return;
                }
                last = r.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(500);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + ": " + last + "; see " + log);
    }

    /** SIGTERM, then SIGKILL if it does not stop within the graceful shutdown bound. */
    void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL, as a crash: no graceful shutdown, open connections reset. */
    void kill() {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /**
     * What a failing journey prints about this service, so a red run explains itself: alive or not, its health
     * answer, the meters whose names contain one of {@code meters}, and its last warnings and errors.
     */
    String state(String... meters) {
        StringBuilder b = new StringBuilder(name).append(": ").append(isAlive() ? "alive" : "not running");
        b.append("; health ").append(fetch("/q/health").replaceAll("\\s+", " "));
        String metrics = fetch("/q/metrics");
        for (String line : metrics.split("\n")) {
            for (String meter : meters) {
                if (!line.startsWith("#") && line.contains(meter)) {
                    b.append("\n  ").append(line);
                }
            }
        }
        try {
            List<String> complaints = Files.readAllLines(log).stream()
                    .filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList();
            b.append("\n  last warnings of ").append(log.getFileName()).append(" (").append(complaints.size())
                    .append(" in all):");
            complaints.subList(Math.max(0, complaints.size() - 15), complaints.size())
                    .forEach(l -> b.append("\n  ").append(l.length() > 300 ? l.substring(0, 300) + "..." : l));
        } catch (IOException e) {
            b.append("\n  log unreadable: ").append(e);
        }
        return b.toString();
    }

    /** A GET on the management interface, bounded to 5 s. */
    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(managementUrl() + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String fetch(String path) {
        try {
            HttpResponse<String> r = get(path);
            return r.statusCode() + " " + r.body();
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }

    /** Ports handed out by this JVM: the kernel may return the same free port to two probes in a row. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static int freePort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("no free port after 100 attempts");
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
