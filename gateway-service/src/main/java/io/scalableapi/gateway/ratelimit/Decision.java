package io.scalableapi.gateway.ratelimit;

/**
 * The answer for one request. {@code remaining} and {@code resetSeconds} feed the RateLimit header, {@code retryAfterSeconds}
 * the Retry-After of a 429. {@code next} is the state to write when the request is allowed (null when nothing changes).
 */
public record Decision(Outcome outcome, Tier tier, int remaining, long resetSeconds, long retryAfterSeconds,
        LimiterState next) {

    public enum Outcome {
        ALLOWED,
        REJECTED,
        /** Infinispan could not answer in time and the policy passes requests. */
        FAIL_OPEN,
        /** Infinispan could not answer in time and the policy rejects requests. */
        FAIL_CLOSED
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOWED || outcome == Outcome.FAIL_OPEN;
    }

    /** Whether the RateLimit headers carry real numbers (not when the store was unavailable). */
    public boolean counted() {
        return outcome == Outcome.ALLOWED || outcome == Outcome.REJECTED;
    }

    static Decision unavailable(Outcome outcome, Tier tier, long retryAfterSeconds) {
        return new Decision(outcome, tier, 0, 0, retryAfterSeconds, null);
    }
}
