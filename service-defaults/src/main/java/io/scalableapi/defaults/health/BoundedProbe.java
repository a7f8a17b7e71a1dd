package io.scalableapi.defaults.health;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Runs a health probe against a server off the caller's thread with a short bound: a server that hangs must not hang
 * the health endpoint. DOWN, with the reason, when the probe fails or takes longer.
 */
final class BoundedProbe {
    static final long TIMEOUT_MS = 3_000;

    private BoundedProbe() {
    }

    static HealthCheckResponse run(String name, Supplier<HealthCheckResponse> probe) {
        var down = HealthCheckResponse.named(name).down();
        try {
            return CompletableFuture.supplyAsync(probe).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return down.withData("error", "no answer within " + TIMEOUT_MS + " ms").build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return down.withData("error", "interrupted").build();
        } catch (Exception e) {
            return down.withData("error", String.valueOf(e.getCause() == null ? e : e.getCause())).build();
        }
    }
}
