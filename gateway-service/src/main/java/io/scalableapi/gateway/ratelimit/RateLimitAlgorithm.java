package io.scalableapi.gateway.ratelimit;

import java.util.ArrayList;
import java.util.List;

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

    /**
     * The decisions for requests that arrive together, in order, as if each had been decided alone against the state the
     * one before it left: the store then writes the last allowed request's state once for all of them.
     */
    public static List<Decision> decideInOrder(LimiterState stored, long now, List<Tier> tiers) {
        List<Decision> decisions = new ArrayList<>(tiers.size());
        LimiterState state = stored;
        for (Tier tier : tiers) {
            Decision decision = decide(state, now, tier);
            if (decision.next() != null) {
                state = decision.next();
            }
            decisions.add(decision);
        }
        return decisions;
    }

    /** The state after a batch: the last allowed request's, or null when every request was rejected (nothing to write). */
    public static LimiterState stateAfter(List<Decision> decisions) {
        for (int i = decisions.size() - 1; i >= 0; i--) {
            if (decisions.get(i).next() != null) {
                return decisions.get(i).next();
            }
        }
        return null;
    }

    /** Whole seconds, rounded up, never below 1 while anything is left: "0" would invite an immediate retry storm. */
    static long ceilSeconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
