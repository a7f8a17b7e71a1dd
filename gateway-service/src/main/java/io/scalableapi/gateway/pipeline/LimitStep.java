package io.scalableapi.gateway.pipeline;

import io.scalableapi.contracts.errors.ProblemType;
import io.scalableapi.gateway.auth.Caller;
import io.scalableapi.gateway.ratelimit.Decision;
import io.scalableapi.gateway.ratelimit.RateLimitHeaders;
import io.scalableapi.gateway.ratelimit.RateLimitKeys;
import io.scalableapi.gateway.ratelimit.RateLimitPolicies;
import io.scalableapi.gateway.ratelimit.RateLimitPolicies.Policy;
import io.scalableapi.gateway.ratelimit.RateLimiter;
import io.scalableapi.gateway.ratelimit.Tier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;

/**
 * The route's rate-limit policy, decided against the state every replica shares for the key the policy names (address,
 * subject or client, {@link RateLimitKeys}); its RateLimit headers on every answer.
 */
@Singleton
public class LimitStep implements Step {

    private final RateLimitPolicies policies;
    private final RateLimiter limiter;
    private final RateLimitKeys keys;

    LimitStep(RateLimitPolicies policies, RateLimiter limiter, RateLimitKeys keys) {
        this.policies = policies;
        this.limiter = limiter;
        this.keys = keys;
    }

    @Override
    public Future<Exchange> apply(Exchange ex) {
        String policyName = ex.route.rateLimitPolicy();
        if (policyName == null) {
            return Future.succeededFuture(ex);
        }
        Policy policy = policies.get(policyName);
        Caller caller = ex.caller;
        Tier tier = policy.tierFor(caller.authenticated(), caller.authenticated() ? caller.claim(policy.tierClaim()) : null);
        return Future.fromCompletionStage(limiter.decide(policy, tier, keys.keyFor(policy, caller, ex.client)), Vertx.currentContext())
                .compose(decision -> {
                    RateLimitHeaders.apply(ex.ctx.response().headers(), decision);
                    if (decision.allowed()) {
                        return Future.succeededFuture(ex);
                    }
                    if (decision.outcome() == Decision.Outcome.FAIL_CLOSED) {
                        return Future.failedFuture(Refusal.of(ProblemType.SERVICE_UNAVAILABLE,
                                "Rate limiting is unavailable and this endpoint does not pass requests without it"));
                    }
                    return Future.failedFuture(Refusal.of(ProblemType.RATE_LIMITED,
                            "Limit of " + tier.limit() + " requests per " + tier.windowMillis() / 1000 + " s reached"));
                });
    }
}
