package io.scalableapi.gateway.ratelimit;

import io.scalableapi.gateway.config.GatewayConfig;
import io.scalableapi.gateway.config.GatewayConfig.FailMode;
import io.scalableapi.gateway.config.GatewayConfig.KeyMode;
import io.scalableapi.gateway.config.GatewayConfig.PolicyConfig;
import io.scalableapi.gateway.config.GatewayConfig.TierConfig;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;

/** The configured policies with their tiers resolved and validated once, at startup (a bad policy stops the start). */
@Startup
@Singleton
public class RateLimitPolicies {

    public static final String ANONYMOUS = "anonymous";
    public static final String DEFAULT = "default";

    /** A policy ready for use. */
    public record Policy(String name, KeyMode keyMode, FailMode failMode, String tierClaim, Map<String, Tier> tiers) {

        /** Anonymous callers get the {@code anonymous} tier; others the tier their claim names, else {@code default}. */
        public Tier tierFor(boolean authenticated, String claimValue) {
            if (!authenticated) {
                return tiers.getOrDefault(ANONYMOUS, tiers.get(DEFAULT));
            }
            if (claimValue != null && !claimValue.equals(ANONYMOUS) && tiers.containsKey(claimValue)) {
                return tiers.get(claimValue);
            }
            return tiers.get(DEFAULT);
        }
    }

    private final Map<String, Policy> policies = new HashMap<>();

    RateLimitPolicies(GatewayConfig config) {
        config.rateLimit().policies().forEach((name, p) -> policies.put(name, resolve(name, p)));
    }

    static Policy resolve(String name, PolicyConfig config) {
        Map<String, Tier> tiers = new HashMap<>();
        config.tiers().forEach((tierName, t) -> tiers.put(tierName, tier(name + "-" + tierName, t)));
        if (!tiers.containsKey(DEFAULT)) {
            throw new IllegalStateException("gateway.rate-limit.policies." + name + " needs a 'default' tier");
        }
        return new Policy(name, config.key(), config.whenStoreUnavailable(), config.tierClaim(), Map.copyOf(tiers));
    }

    private static Tier tier(String itemName, TierConfig t) {
        // A burst above the quota means nothing more than the quota: lowering a limit must not also require a burst.
        int burst = Math.min(t.burst().orElse(t.limit()), t.limit());
        return new Tier(itemName, t.limit(), t.window().toMillis(), burst);
    }

    public Policy get(String name) {
        Policy p = policies.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no rate-limit policy " + name);
        }
        return p;
    }
}
