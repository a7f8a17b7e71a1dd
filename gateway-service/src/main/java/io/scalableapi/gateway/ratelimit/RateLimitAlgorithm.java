package io.scalableapi.gateway.ratelimit;

/**
 * The decision for one request given the stored state and the server's current time. Pure, so that it is tested alone and
 * so that the store can retry it on a conflicting write without side effects.
 *
 * <p>Two limits at once: a quota of {@code limit} per window that starts at the key's first request (what clients are
 * promised, and exact: one counter per window), and a generic cell rate algorithm (GCRA) that lets at most {@code burst}
 * requests through back to back. With {@code burst == limit} the GCRA never binds before the quota does.
 */
public final class RateLimitAlgorithm {

    private RateLimitAlgorithm() {
    }

    public static Decision decide(LimiterState stored, long now, Tier tier) {
        LimiterState state = stored;
        if (state == null || now >= state.windowStart() + tier.windowMillis() || now < state.windowStart() - 60_000) {
            // No window yet, or it ended (or a clock far behind wrote it): a fresh window starts with this request.
            state = new LimiterState(now, 0, now);
        }
        long windowEnd = state.windowStart() + tier.windowMillis();
        long resetSeconds = ceilSeconds(windowEnd - now);
        if (state.count() >= tier.limit()) {
            return new Decision(Decision.Outcome.REJECTED, tier, 0, resetSeconds, resetSeconds, null);
        }
        double interval = tier.emissionIntervalMillis();
        double tolerance = (tier.burst() - 1) * interval;
        long arrival = Math.max(state.theoreticalArrival(), now);
        if (arrival - now > tolerance) {
            long wait = ceilSeconds((long) Math.ceil(arrival - tolerance - now));
            return new Decision(Decision.Outcome.REJECTED, tier, 0, Math.min(wait, resetSeconds), Math.min(wait, resetSeconds),
                    null);
        }
        // Rounded down: the burst may be a millisecond lenient, never stricter than the quota it sits under.
        long nextArrival = (long) Math.floor(arrival + interval);
        int quotaLeft = tier.limit() - state.count() - 1;
        int burstLeft = (int) Math.max(0, Math.floor((tier.burst() * interval - (nextArrival - now)) / interval));
        LimiterState next = new LimiterState(state.windowStart(), state.count() + 1, nextArrival);
        return new Decision(Decision.Outcome.ALLOWED, tier, Math.min(quotaLeft, burstLeft), resetSeconds, 0, next);
    }

    /** Whole seconds, rounded up, never below 1 while anything is left: "0" would invite an immediate retry storm. */
    static long ceilSeconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
