package io.scalableapi.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.scalableapi.gateway.config.GatewayConfig.FailMode;
import io.scalableapi.gateway.config.GatewayConfig;
import io.scalableapi.gateway.config.GatewayConfig.PolicyConfig;
import io.scalableapi.gateway.config.GatewayConfig.TierConfig;
import io.scalableapi.gateway.ratelimit.RateLimitPolicies.Policy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RateLimitPoliciesTest {

    @Test
    void tiersFollowTheClaimAndFallBackToDefault() {
        Policy p = RateLimitPolicies.resolve("standard", policy(Map.of("default", tier(30, 50), "pro", tier(100, 0))));
        assertEquals("standard-pro", p.tierFor(true, "pro").name());
        assertEquals("standard-default", p.tierFor(true, "unknown-plan").name());
        assertEquals("standard-default", p.tierFor(true, "anonymous").name(), "a claim cannot pick the anonymous tier");
        assertEquals("standard-default", p.tierFor(false, null).name(), "no anonymous tier: default applies");
    }

    @Test
    void aBurstAboveTheLimitIsTheLimit() {
        Policy p = RateLimitPolicies.resolve("standard", policy(Map.of("default", tier(30, 50))));
        assertEquals(30, p.tierFor(true, null).burst());
    }

    @Test
    void aPolicyNeedsADefaultTier() {
        assertThrows(IllegalStateException.class, () -> RateLimitPolicies.resolve("x", policy(Map.of("pro", tier(1, 0)))));
    }

    private static PolicyConfig policy(Map<String, TierConfig> tiers) {
        return new PolicyConfig() {
            @Override
            public GatewayConfig.KeyMode key() {
                return GatewayConfig.KeyMode.SUBJECT;
            }

            @Override
            public FailMode whenStoreUnavailable() {
                return FailMode.FAIL_OPEN;
            }

            @Override
            public String tierClaim() {
                return "plan";
            }

            @Override
            public Map<String, TierConfig> tiers() {
                return tiers;
            }
        };
    }

    /** {@code burst} 0: not configured. */
    private static TierConfig tier(int limit, int burst) {
        return new TierConfig() {
            @Override
            public int limit() {
                return limit;
            }

            @Override
            public Duration window() {
                return Duration.ofSeconds(60);
            }

            @Override
            public Optional<Integer> burst() {
                return burst == 0 ? Optional.empty() : Optional.of(burst);
            }
        };
    }
}
