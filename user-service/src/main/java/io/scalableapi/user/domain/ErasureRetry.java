package io.scalableapi.user.domain;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Finishes erasures whose Keycloak user could not be removed at request time. */
@ApplicationScoped
public class ErasureRetry {
    private static final Logger LOG = Logger.getLogger(ErasureRetry.class);
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
        try {
            for (UUID userId : profiles.pendingIdentityRemovals(Times.now().minus(GRACE), BATCH)) {
                if (!erasure.removeIdentity(userId)) {
                    return; // Keycloak is still failing: try again next time rather than hammering it.
                }
            }
        } catch (RuntimeException e) {
            // The database is unavailable (or the application is stopping): the next run picks the rows up.
            LOG.debugf("Erasure retry skipped: %s", e.getMessage());
        }
    }
}
