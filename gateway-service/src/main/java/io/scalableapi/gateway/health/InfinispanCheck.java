package io.scalableapi.gateway.health;

import io.scalableapi.gateway.ratelimit.InfinispanLimiterStore;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import io.smallrye.health.api.HealthGroup;

/**
 * Infinispan (the rate-limit store) answers a real round trip; the built-in check reads cached topology and stays UP long
 * after the server died. In the {@code dependencies} group, not in readiness: every replica shares the store, so an
 * outage would take every replica out of the load balancer at once, while each policy's fail mode keeps them serving.
 * Non-blocking, bounded to 2 s.
 */
@HealthGroup(DependenciesGroup.NAME)
@ApplicationScoped
public class InfinispanCheck implements AsyncHealthCheck {

    static final String NAME = "infinispan";

    private final InfinispanLimiterStore store;

    InfinispanCheck(InfinispanLimiterStore store) {
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
