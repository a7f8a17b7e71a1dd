package io.scalableapi.gateway.journeys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One of the project's servers (kafka, infinispan, keycloak) stopped and started through {@code scripts/infra.sh}, the
 * fault a journey injects. {@code up} returns once the script found it ready. Never PostgreSQL: that server is the
 * machine's (the journeys cut it with a relay instead, see {@link RunningPlatform#catalogDb}).
 */
enum InfraComponent {
    KAFKA("kafka", Duration.ofMinutes(3)),
    INFINISPAN("infinispan", Duration.ofMinutes(3)),
    KEYCLOAK("keycloak", Duration.ofMinutes(6));

    private final String name;
    private final Duration bound;

    InfraComponent(String name, Duration bound) {
        this.name = name;
        this.bound = bound;
    }

    void down() {
        run("down", Duration.ofMinutes(2));
        if (isUp()) {
            throw new IllegalStateException(name + " still answers after scripts/infra.sh down");
        }
    }

    void up() {
        run("up", bound);
        if (!isUp()) {
            throw new IllegalStateException(name + " is not up after scripts/infra.sh up");
        }
    }

    /** What {@code scripts/infra.sh status} says of it. */
    boolean isUp() {
        String status = run("status", Duration.ofSeconds(30));
        return status.lines().anyMatch(l -> l.startsWith(name + " ") && l.substring(name.length()).strip().startsWith("UP"));
    }

    private String run(String verb, Duration timeout) {
        Path root = RunningPlatform.repositoryRoot();
        ProcessBuilder builder = new ProcessBuilder(root.resolve("scripts/infra.sh").toString(), verb, name)
                .directory(root.toFile()).redirectErrorStream(true);
        builder.environment().remove("INFRA_STARTED_FILE");
        // A restart, not a new installation: Keycloak keeps its realm and signing keys (see scripts/infra.sh).
        builder.environment().put("KEYCLOAK_KEEP_DATA", "1");
        try {
            Process process = builder.start();
            byte[] output;
            // Read while it runs (the script logs to stderr, merged), so a full pipe never blocks it.
            var reader = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return process.getInputStream().readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("scripts/infra.sh " + verb + " " + name + " took longer than " + timeout);
            }
            output = reader.get(10, TimeUnit.SECONDS);
            String text = new String(output, StandardCharsets.UTF_8);
            System.out.println("[infra] " + verb + " " + name + " -> " + process.exitValue() + "\n" + text.strip());
            if (process.exitValue() != 0) {
                throw new IllegalStateException("scripts/infra.sh " + verb + " " + name + " failed: " + text);
            }
            return text;
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("scripts/infra.sh " + verb + " " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
