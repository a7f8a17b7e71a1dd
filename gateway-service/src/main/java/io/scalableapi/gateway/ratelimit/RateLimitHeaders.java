package io.scalableapi.gateway.ratelimit;

import io.vertx.core.MultiMap;

/**
 * The RateLimit-Policy and RateLimit fields of draft-ietf-httpapi-ratelimit-headers-09: structured-field lists whose items
 * are the policy name as a string with parameters {@code q} (quota) and {@code w} (window, seconds) for the policy, and
 * {@code r} (remaining) and {@code t} (seconds until the quota resets, or until the next request may pass) for the state.
 * Retry-After (RFC 9110) goes on rejections only.
 */
public final class RateLimitHeaders {

    private RateLimitHeaders() {
    }

    public static void apply(MultiMap headers, Decision decision) {
        Tier tier = decision.tier();
        headers.set("RateLimit-Policy", "\"" + tier.name() + "\";q=" + tier.limit() + ";w=" + tier.windowSeconds());
        if (decision.counted()) {
            headers.set("RateLimit",
                    "\"" + tier.name() + "\";r=" + decision.remaining() + ";t=" + decision.resetSeconds());
        }
        if (!decision.allowed()) {
            headers.set("Retry-After", Long.toString(Math.max(1, decision.retryAfterSeconds())));
        }
    }
}
