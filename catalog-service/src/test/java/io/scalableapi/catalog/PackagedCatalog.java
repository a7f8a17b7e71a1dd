package io.scalableapi.catalog;

import static io.restassured.RestAssured.given;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** The packaged service ({@code target/quarkus-app/quarkus-run.jar}) run as a process with the test profile. */
final class PackagedCatalog implements AutoCloseable {
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    final int port;
    /** The management interface (/q/health, /q/metrics). */
    final int managementPort;
    private final Process process;

    private PackagedCatalog(int port, int managementPort, Process process) {
        this.port = port;
        this.managementPort = managementPort;
        this.process = process;
    }

    /** Starts the jar with extra system properties and waits (bounded) until it is started. */
    static PackagedCatalog start(String name, Map<String, String> properties) throws Exception {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException("Package the service first: " + JAR.toAbsolutePath());
        }
        int port = freePort();
        int managementPort = freePort();
        List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx256m", "-Dquarkus.profile=test",
                "-Dquarkus.http.port=" + port, "-Dquarkus.management.port=" + managementPort));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", JAR.toString()));
        File log = Path.of("target", name + ".log").toFile();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        PackagedCatalog app = new PackagedCatalog(port, managementPort, process);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited; see " + log);
            }
            try {
                if (given().port(managementPort).get("/q/health/started").statusCode() == 200) {
                    return app;
                }
            } catch (Exception notYet) {
                // connection refused while starting
            }
            Thread.sleep(500);
        }
        app.close();
        throw new IllegalStateException(name + " did not start within 120 s; see " + log);
    }

    /** SIGTERM, as Kubernetes does; forced after a bounded wait. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A value of the packaged configuration, preferring the %test profile's. */
    static String config(String key) {
        Properties p = new Properties();
        try (InputStream in = PackagedCatalog.class.getClassLoader().getResourceAsStream("application.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return p.getProperty("%test." + key, p.getProperty(key));
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
