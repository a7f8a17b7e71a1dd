package io.scalableapi.user.domain;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;

/** Finishes erasures whose Keycloak user could not be removed at request time. */
@ApplicationScoped
public class ErasureRetry {
    /** Leaves the request that did the erasure time to finish its own attempt. */
    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final int BATCH = 50;

    private final ProfileService profiles;
    private final ErasureService erasure;

    ErasureRetry(ProfileService profiles, ErasureService erasure) {
        this.profiles = profiles;
        this.erasure = erasure;
    }

    @Scheduled(every = "${users.erasure-retry-interval:30s}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retry() {
        for (UUID userId : profiles.pendingIdentityRemovals(Times.now().minus(GRACE), BATCH)) {
            if (!erasure.removeIdentity(userId)) {
                return; // Keycloak is still failing: try again next time rather than hammering it.
            }
        }
    }
}
