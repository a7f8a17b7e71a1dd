package io.scalableapi.gateway.journeys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The figures the fault, fuzz and attack journeys measure, one table row each. Printed when measured and appended to
 * {@code target/test-figures.md} at the repository root, which scripts/test.sh prints at the end of the run, so that the
 * figures are read in one place instead of being searched for in the build log.
 */
public final class Figures {

    private Figures() {
    }

    /** Records one row: the case and what was measured (counts, bounds, times). */
    public static synchronized void record(String testCase, String figure) {
        String row = "| " + testCase.replace("|", "/") + " | " + figure.replace("|", "/") + " |";
        System.out.println("[figure] " + testCase + ": " + figure);
        Path file = RunningPlatform.repositoryRoot().resolve("target").resolve("test-figures.md");
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.writeString(file, "| case | figure |\n|---|---|\n", StandardCharsets.UTF_8);
            }
            Files.writeString(file, row + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
