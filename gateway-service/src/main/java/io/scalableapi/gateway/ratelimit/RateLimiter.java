package io.scalableapi.gateway.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.scalableapi.gateway.config.GatewayConfig;
import io.scalableapi.gateway.config.GatewayConfig.FailMode;
import io.scalableapi.gateway.ratelimit.RateLimitPolicies.Policy;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import jakarta.enterprise.util.TypeLiteral;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One decision per request against the shared store, bounded in time. Each batch's store call runs behind a SmallRye Fault
 * Tolerance timeout and circuit breaker: a slow or dead Infinispan costs a request at most twice the timeout (the batch
 * ahead of it, then its own), and once the breaker opens
 * later requests take the policy's fail mode immediately. Every decision is counted by outcome.
 */
@Singleton
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    private static final TypeLiteral<CompletionStage<BatchOutcome>> OUTCOME = new TypeLiteral<>() {
    };

    private final DecisionBatcher batcher;
    private final MeterRegistry registry;
    private final GatewayConfig.RateLimitConfig config;
    private final Guard guard;
    private final ConcurrentHashMap<String, Counter> decisionCounters = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gateway-rate-limit-sweeper");
        t.setDaemon(true);
        return t;
    });

    RateLimiter(InfinispanLimiterStore store, MeterRegistry registry, GatewayConfig config) {
        this.registry = registry;
        this.config = config.rateLimit();
        GatewayConfig.StoreCircuitBreakerConfig cb = this.config.storeCircuitBreaker();
        this.guard = Guard.create()
                .withDescription("rate-limit-store")
                .withTimeout().duration(this.config.storeTimeout().toMillis(), ChronoUnit.MILLIS).done()
                .withCircuitBreaker()
                .name("rate-limit-store")
                .requestVolumeThreshold(cb.requestVolumeThreshold())
                .failureRatio(cb.failureRatio())
                .delay(cb.delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(1)
                .done()
                .build();
        // The guard is around each batch's store call, not around each request: its timer and breaker bookkeeping ran
        // per request and showed in the gateway's profile. A request waits at most for the batch ahead of it and its own.
        this.batcher = new DecisionBatcher((key, tiers, lease) -> {
            try {
                return guard.get(() -> store.decideAll(key, tiers, lease), OUTCOME);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }, this.config.lease().maxSize(), this.config.lease().duration(), System::nanoTime);
        long sweepMillis = Math.max(1_000, this.config.lease().duration().toMillis() * 4);
        sweeper.scheduleWithFixedDelay(batcher::sweep, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        sweeper.shutdownNow();
    }

    /**
     * The decision for one request. {@code callerKey} is what the policy counts it against ({@code sub:...},
     * {@code client:...} or {@code ip:...}, see {@link RateLimitKeys}). Never fails: store problems become the policy's
     * fail mode.
     */
    public CompletionStage<Decision> decide(Policy policy, Tier tier, String callerKey) {
        String key = config.namespace() + ":" + policy.name() + ":" + callerKey;
        return batcher.decide(key, tier).handle((decision, failure) -> {
            if (failure == null) {
                return decision;
            }
            LOG.debugf("rate-limit store unavailable for %s: %s", key, failure);
            registry.counter("gateway.ratelimit.store.unavailable", "policy", policy.name(),
                    "mode", policy.failMode().name().toLowerCase(Locale.ROOT)).increment();
            return policy.failMode() == FailMode.FAIL_OPEN
                    ? Decision.unavailable(Decision.Outcome.FAIL_OPEN, tier, 0)
                    : Decision.unavailable(Decision.Outcome.FAIL_CLOSED, tier,
                            Math.max(1, config.storeCircuitBreaker().delay().toSeconds()));
        }).thenApply(decision -> {
            decisions(policy, decision).increment();
            return decision;
        });
    }

    private Counter decisions(Policy policy, Decision decision) {
        // One lookup per combination: building the meter id per request showed in the gateway's profile.
        String key = policy.name() + ' ' + decision.tier().name() + ' ' + decision.outcome();
        Counter counter = decisionCounters.get(key);
        return counter != null ? counter : decisionCounters.computeIfAbsent(key, k -> registry.counter("gateway.ratelimit.decisions", "policy", policy.name(), "tier", decision.tier().name(),
                "outcome", decision.outcome().name().toLowerCase(Locale.ROOT)));
    }
}
