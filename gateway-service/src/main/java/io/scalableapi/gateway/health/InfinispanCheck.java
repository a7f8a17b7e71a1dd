package io.scalableapi.gateway.health;

import io.scalableapi.gateway.ratelimit.InfinispanLimiterStore;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Infinispan answers a real round trip. The built-in check reads cached topology and stays UP long after the server died,
 * which is why it is switched off in favour of this one. Non-blocking, bounded to 2 s.
 */
@Readiness
@ApplicationScoped
public class InfinispanReadiness implements AsyncHealthCheck {

    static final String NAME = "infinispan";

    private final InfinispanLimiterStore store;

    InfinispanReadiness(InfinispanLimiterStore store) {
        this.store = store;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        if (!store.isReady()) {
            return Uni.createFrom().item(
                    HealthCheckResponse.named(NAME).down().withData("reason", "not connected or clock not synced").build());
        }
        return Uni.createFrom().completionStage(store::ping)
                .ifNoItem().after(Duration.ofSeconds(2)).fail()
                .map(ignored -> HealthCheckResponse.up(NAME))
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named(NAME).down()
                        .withData("reason", e.toString()).build());
    }
}
