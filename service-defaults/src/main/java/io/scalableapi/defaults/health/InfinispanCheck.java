package io.scalableapi.defaults.health;

import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.infinispan.client.hotrod.RemoteCacheManager;

/**
 * Asks the Infinispan server for its cache names, with a short bound. The client's built-in check reads cached
 * topology and stays UP for about a minute after the server has gone. A dependency, not readiness (see
 * {@link DependenciesGroup}): reads fall back to PostgreSQL while the cache is away.
 */
@HealthGroup(DependenciesGroup.NAME)
@ApplicationScoped
public class InfinispanCheck implements HealthCheck {
    private static final long TIMEOUT_MS = 3_000;

    private final Instance<RemoteCacheManager> cacheManager;

    InfinispanCheck(Instance<RemoteCacheManager> cacheManager) {
        this.cacheManager = cacheManager;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("Infinispan");
        if (!cacheManager.isResolvable()) {
            return response.up().withData("configured", false).build();
        }
        try {
            int caches = CompletableFuture.supplyAsync(() -> cacheManager.get().getCacheNames().size())
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return response.up().withData("caches", caches).build();
        } catch (TimeoutException e) {
            return response.down().withData("error", "no answer within " + TIMEOUT_MS + " ms").build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return response.down().withData("error", "interrupted").build();
        } catch (Exception e) {
            return response.down().withData("error", String.valueOf(e.getCause() == null ? e : e.getCause())).build();
        }
    }
}
