package io.scalableapi.user;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** One row per measured figure in {@code target/test-figures.md} at the repository root (scripts/test.sh prints it). */
public final class Figures {
    private Figures() {
    }

    public static synchronized void record(String testCase, String figure) {
        System.out.println("[figure] " + testCase + ": " + figure);
        Path file = repositoryRoot().resolve("target").resolve("test-figures.md");
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.writeString(file, "| case | figure |\n|---|---|\n", StandardCharsets.UTF_8);
            }
            Files.writeString(file, "| " + testCase.replace("|", "/") + " | " + figure.replace("|", "/") + " |\n",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("Not inside the repository");
        }
        return dir;
    }
}
