package io.scalableapi.defaults.health;

import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
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
    private static final String NAME = "Infinispan";

    private final Instance<RemoteCacheManager> cacheManager;

    InfinispanCheck(Instance<RemoteCacheManager> cacheManager) {
        this.cacheManager = cacheManager;
    }

    @Override
    public HealthCheckResponse call() {
        if (!cacheManager.isResolvable()) {
            return HealthCheckResponse.named(NAME).up().withData("configured", false).build();
        }
        return BoundedProbe.run(NAME, () -> HealthCheckResponse.named(NAME).up()
                .withData("caches", cacheManager.get().getCacheNames().size()).build());
    }
}
