package io.scalableapi.gateway.support;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged gateway ({@code target/quarkus-app/quarkus-run.jar}) as its own process, in the prod profile with the
 * given overrides, on a free port. Infinispan and Keycloak are the running dev servers. Stopped by its PID.
 */
public final class GatewayProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path log;

    private GatewayProcess(Process process, int port, int managementPort, Path log) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
    }

    /** Starts the gateway and waits (bounded) until it is ready. */
    public static GatewayProcess start(String name, Map<String, String> overrides) throws Exception {
        int port = freePort();
        int managementPort = freePort();
        Path log = Path.of("target", "it-" + name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.port=" + managementPort,
                "-Dquarkus.oidc.auth-server-url=" + Tokens.REALM,
                "-Dquarkus.infinispan-client.hosts=127.0.0.1:11222",
                "-Dquarkus.infinispan-client.username=platform",
                "-Dquarkus.infinispan-client.password=platform-dev-only",
                "-Dquarkus.log.console.json.enabled=false"));
        overrides.forEach((k, v) -> command.add("-D" + k + "=" + v));
        // The packaged jar runs the prod profile: also set the %prod keys, so the overrides win whatever the ordinals.
        new ArrayList<>(command).stream().filter(a -> a.startsWith("-Dquarkus.") || a.startsWith("-Dgateway."))
                .forEach(a -> command.add("-D%prod." + a.substring(2)));
        command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // What %prod reads from the environment (DEV ONLY credentials of the local Infinispan).
        builder.environment().put("INFINISPAN_USERNAME", "platform");
        builder.environment().put("INFINISPAN_PASSWORD", "platform-dev-only");
        builder.environment().put("OIDC_AUTH_SERVER_URL", Tokens.REALM);
        builder.environment().put("INFINISPAN_HOSTS", "127.0.0.1:11222");
        builder.environment().put("OIDC_TOKEN_ISSUER", Tokens.REALM);
        // No proxy in front of these processes (a TEST-NET range nobody connects from): X-Forwarded-For is not believed.
        builder.environment().put("GATEWAY_TRUSTED_PROXIES", "192.0.2.0/24");
        Process process = builder.start();
        GatewayProcess gateway = new GatewayProcess(process, port, managementPort, log);
        try {
            gateway.awaitReady(Duration.ofSeconds(120));
        } catch (Exception | AssertionError e) {
            gateway.close();
            throw e;
        }
        return gateway;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The management interface: /q/health, /q/metrics, /q/openapi. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public long pid() {
        return process.pid();
    }

    private void awaitReady(Duration bound) throws Exception {
        Instant deadline = Instant.now().plus(bound);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("gateway exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("gateway not ready within " + bound + ":\n" + tail());
    }

    /** Everything the gateway has logged so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGTERM, then SIGKILL if it does not end within 30 s. */
    @Override
    public void close() throws InterruptedException {
        ProcessHandle handle = process.toHandle();
        handle.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            handle.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Fails fast with a clear message when the IT runs before the jar was built. */
    public static void requirePackagedJar() {
        if (!new File("target/quarkus-app/quarkus-run.jar").isFile()) {
            throw new IllegalStateException("target/quarkus-app/quarkus-run.jar is missing: run mvn verify (package first)");
        }
    }
}
