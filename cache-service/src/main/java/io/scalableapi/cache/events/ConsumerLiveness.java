package io.scalableapi.cache.events;

import io.scalableapi.cache.config.CacheServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * The coherence consumer is live unless one attempt to apply an event has run longer than {@code events.stuck-after}:
 * a wedged lane, which only a restart cures. A dependency that is away is not that: attempts fail fast and are retried,
 * and the consumer stays live for as long as the outage lasts (issue 17, item 11).
 */
@Liveness
@ApplicationScoped
public class ConsumerLiveness implements HealthCheck {
    private final PlatformEventConsumer consumer;
    private final Duration stuckAfter;

    ConsumerLiveness(PlatformEventConsumer consumer, CacheServiceConfig config) {
        this.consumer = consumer;
        this.stuckAfter = config.events().stuckAfter();
    }

    @Override
    public HealthCheckResponse call() {
        Duration oldest = consumer.oldestAttempt();
        return HealthCheckResponse.named("cache-events-consumer").status(oldest.compareTo(stuckAfter) <= 0)
                .withData("inFlight", consumer.inFlight()).withData("oldestAttemptMs", oldest.toMillis())
                .withData("stuckAfterMs", stuckAfter.toMillis()).build();
    }
}
