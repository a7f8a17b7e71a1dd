package io.scalableapi.gateway.ratelimit;

import java.util.ArrayList;
import java.util.List;

/**
 * The decision for one request given the stored state and the server's current time. Pure, so that it is tested alone and
 * so that the store can retry it on a conflicting write without side effects.
 *
 * <p>Two limits at once: a quota of {@code limit} per window that starts at the key's first request (what clients are
 * promised, and exact: one counter per window), and a generic cell rate algorithm (GCRA) that lets at most {@code burst}
 * requests through back to back. With {@code burst == limit} the GCRA never binds before the quota does. A new window
 * restarts the quota only: the GCRA's theoretical arrival time carries over, so bursts on either side of a window's end
 * together still pass at most {@code burst}.
 */
public final class RateLimitAlgorithm {

    private RateLimitAlgorithm() {
    }

    public static Decision decide(LimiterState stored, long now, Tier tier) {
        LimiterState state = stored;
        if (state == null || now < state.windowStart() - 60_000) {
            // No window yet (or a clock far behind wrote it): a fresh window and a fresh burst start with this request.
            state = new LimiterState(now, 0, now);
        } else if (now >= state.windowStart() + tier.windowMillis()) {
            // The window ended: a new quota starts with this request, but the burst carries on. Restarting the GCRA too
            // would let a burst at the end of one window and another at the start of the next pass back to back.
            state = new LimiterState(now, 0, state.theoreticalArrival());
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

    /**
     * Further requests granted at once, at {@code now}, to one replica that will spend them itself over the next moments (a
     * lease), on top of {@code state} (the state after the requests just decided). Granting counts them in the quota now
     * and charges them to the GCRA now, so spending them later can only be stricter than deciding each when it comes.
     * At most {@code wanted}, at most a {@code 1/shareDivisor} share of what is left of the quota (so that replicas never
     * park much of a nearly used quota), and no more than the burst allows at this instant. Null when nothing is granted.
     */
    public static Grant grant(LimiterState state, long now, Tier tier, int wanted, int shareDivisor) {
        if (state == null || wanted < 1 || now >= state.windowStart() + tier.windowMillis()) {
            return null;
        }
        int quotaShare = (tier.limit() - state.count()) / shareDivisor;
        double interval = tier.emissionIntervalMillis();
        double tolerance = (tier.burst() - 1) * interval;
        long arrival = Math.max(state.theoreticalArrival(), now);
        long burstRoom = arrival - now > tolerance ? 0 : (long) Math.floor((tolerance - (arrival - now)) / interval) + 1;
        int granted = (int) Math.min(wanted, Math.min(quotaShare, burstRoom));
        if (granted < 1) {
            return null;
        }
        LimiterState next = new LimiterState(state.windowStart(), state.count() + granted,
                (long) Math.floor(arrival + granted * interval));
        return new Grant(granted, next);
    }

    /**
     * How many requests to ask the shared state for as one replica's lease: what this replica saw of the key in the last
     * period ({@code localWanted}), or, when more, what the key used per period over every replica so far in its window
     * ({@code state.count()} over the time the window has run), never more than {@code maxLease}. Sized by the key's own
     * demand only, a replica that sees a quarter of a key's traffic would take leases a quarter the size, and four
     * replicas would cost four times the store calls per request (see {@link Lease#lifetimeMillis}, which lets such a
     * lease last as long as the replica needs to spend it). 0 when the replica asks for none.
     */
    public static int leaseWanted(LimiterState state, long now, int localWanted, long periodMillis, int maxLease) {
        if (localWanted < 1 || state == null) {
            return Math.max(0, localWanted);
        }
        long ran = now - state.windowStart();
        if (ran < periodMillis) {
            // Too early in the window for a rate: the count is mostly this moment's burst.
            return Math.min(maxLease, localWanted);
        }
        long keyWide = (long) state.count() * periodMillis / ran;
        return (int) Math.min(maxLease, Math.max(localWanted, keyWide));
    }

    /**
     * The state with {@code returned} leased requests given back unspent: they leave the quota and the GCRA as if never
     * granted. Only within the window they were granted in; a later window starts from nothing anyway.
     */
    public static LimiterState release(LimiterState state, Tier tier, int returned, long leaseWindowStart) {
        if (state == null || returned < 1 || state.windowStart() != leaseWindowStart) {
            return state;
        }
        int count = Math.max(0, state.count() - returned);
        long arrival = (long) Math.ceil(state.theoreticalArrival() - returned * tier.emissionIntervalMillis());
        return new LimiterState(state.windowStart(), count, arrival);
    }

    /** A lease's size and the state that counts it. */
    public record Grant(int granted, LimiterState next) {
    }

    /** Whole seconds, rounded up, never below 1 while anything is left: "0" would invite an immediate retry storm. */
    static long ceilSeconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
