package io.scalableapi.gateway.health;

import io.scalableapi.gateway.ratelimit.InfinispanLimiterStore;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.HealthGroup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once this replica has reached its shared servers since it started: the rate-limit store connected and its clock
 * synchronized (before that every decision would take the fail mode), and Keycloak answered (before that no signing key
 * is loaded). Latched: later outages of those servers show in the dependencies group, never here (see there why).
 */
@Readiness
@ApplicationScoped
public class WarmedUpReadiness implements AsyncHealthCheck {

    static final String NAME = "warmed-up";

    private final InfinispanLimiterStore store;
    private final KeycloakCheck keycloak;
    private volatile boolean keycloakReached;

    WarmedUpReadiness(InfinispanLimiterStore store, @HealthGroup(DependenciesGroup.NAME) KeycloakCheck keycloak) {
        this.store = store;
        this.keycloak = keycloak;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        Uni<Boolean> reached = keycloakReached ? Uni.createFrom().item(true)
                : keycloak.call().map(r -> r.getStatus() == Status.UP).invoke(up -> keycloakReached |= up);
        return reached.map(keys -> HealthCheckResponse.named(NAME)
                .status(keys && store.isReady())
                .withData("rateLimitStoreSynchronized", store.isReady())
                .withData("keycloakReached", keys)
                .build());
    }
}
