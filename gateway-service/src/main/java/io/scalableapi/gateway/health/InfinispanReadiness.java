package io.scalableapi.gateway.health;

import io.scalableapi.gateway.ratelimit.InfinispanLimiterStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Infinispan answers a real round trip. The built-in check reads cached topology and stays UP long after the server died,
 * which is why it is switched off in favour of this one.
 */
@Readiness
@ApplicationScoped
public class InfinispanReadiness implements HealthCheck {

    static final String NAME = "infinispan";

    private final InfinispanLimiterStore store;

    InfinispanReadiness(InfinispanLimiterStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            if (!store.isReady()) {
                return HealthCheckResponse.named(NAME).down().withData("reason", "not connected or clock not synced").build();
            }
            store.ping().get(2, TimeUnit.SECONDS);
            return HealthCheckResponse.up(NAME);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return HealthCheckResponse.named(NAME).down().withData("reason", e.toString()).build();
        }
    }
}
