package io.scalableapi.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitAlgorithmTest {

    private static final Tier HUNDRED_PER_MINUTE = new Tier("t", 100, 60_000, 100);

    @Test
    void exactlyTheQuotaPassesInOneWindowThenTheRestIsRejected() {
        LimiterState state = null;
        int allowed = 0;
        for (int i = 0; i < 1000; i++) {
            Decision d = RateLimitAlgorithm.decide(state, 1_000_000 + i, HUNDRED_PER_MINUTE);
            if (d.allowed()) {
                allowed++;
                state = d.next();
            } else {
                assertNull(d.next(), "a rejection writes nothing");
            }
        }
        assertEquals(100, allowed);
    }

    @Test
    void remainingAndResetDescribeTheWindow() {
        Decision first = RateLimitAlgorithm.decide(null, 10_000, HUNDRED_PER_MINUTE);
        assertEquals(99, first.remaining());
        assertEquals(60, first.resetSeconds());
        Decision later = RateLimitAlgorithm.decide(first.next(), 10_000 + 20_500, HUNDRED_PER_MINUTE);
        assertEquals(98, later.remaining());
        assertEquals(40, later.resetSeconds());
    }

    @Test
    void aRejectionSaysWhenTheWindowEnds() {
        LimiterState full = new LimiterState(0, 100, 0);
        Decision d = RateLimitAlgorithm.decide(full, 45_200, HUNDRED_PER_MINUTE);
        assertEquals(Decision.Outcome.REJECTED, d.outcome());
        assertEquals(0, d.remaining());
        assertEquals(15, d.retryAfterSeconds());
    }

    @Test
    void aNewWindowStartsAtTheFirstRequestAfterTheOldOneEnded() {
        LimiterState full = new LimiterState(0, 100, 0);
        Decision d = RateLimitAlgorithm.decide(full, 60_000, HUNDRED_PER_MINUTE);
        assertTrue(d.allowed());
        assertEquals(60_000, d.next().windowStart());
        assertEquals(1, d.next().count());
    }

    @Test
    void burstLimitsBackToBackRequestsAndRefillsOverTheWindow() {
        Tier tier = new Tier("b", 60, 60_000, 5); // one request per second, five at once
        LimiterState state = null;
        int allowedAtOnce = 0;
        for (int i = 0; i < 10; i++) {
            Decision d = RateLimitAlgorithm.decide(state, 0, tier);
            if (d.allowed()) {
                allowedAtOnce++;
                state = d.next();
            } else {
                assertEquals(1, d.retryAfterSeconds());
            }
        }
        assertEquals(5, allowedAtOnce);
        assertFalse(RateLimitAlgorithm.decide(state, 500, tier).allowed());
        assertTrue(RateLimitAlgorithm.decide(state, 1_000, tier).allowed());
    }

    @Test
    void stateSurvivesItsTextForm() {
        LimiterState s = new LimiterState(1_700_000_000_000L, 42, 1_700_000_012_345L);
        assertEquals(s, LimiterState.decode(s.encode()));
        assertNull(LimiterState.decode("not a state"));
    }

    @Test
    void aBatchDecidesAsIfEachRequestCameAloneInTurn() {
        Tier tier = new Tier("b", 60, 60_000, 5);
        List<Tier> tiers = java.util.Collections.nCopies(8, tier);

        List<Decision> together = RateLimitAlgorithm.decideInOrder(null, 5_000, tiers);

        LimiterState state = null;
        for (int i = 0; i < tiers.size(); i++) {
            Decision alone = RateLimitAlgorithm.decide(state, 5_000, tier);
            assertEquals(alone, together.get(i), "request " + i);
            if (alone.next() != null) {
                state = alone.next();
            }
        }
        assertEquals(5, together.stream().filter(Decision::allowed).count(), "the burst of five, then refusals");
        assertEquals(state, RateLimitAlgorithm.stateAfter(together));
    }

    @Test
    void aBatchOfRefusalsLeavesNothingToWrite() {
        LimiterState full = new LimiterState(0, 100, 0);
        List<Decision> refused = RateLimitAlgorithm.decideInOrder(full, 1_000, List.of(HUNDRED_PER_MINUTE, HUNDRED_PER_MINUTE));
        assertNull(RateLimitAlgorithm.stateAfter(refused));
    }

    @Test
    void aLeaseTakesAShareOfWhatIsLeftAndNoMoreThanTheBurstAllowsNow() {
        LimiterState state = new LimiterState(0, 36, 0);
        RateLimitAlgorithm.Grant grant = RateLimitAlgorithm.grant(state, 1_000, HUNDRED_PER_MINUTE, 50, 16);
        assertEquals(4, grant.granted(), "a sixteenth of the 64 left");
        assertEquals(40, grant.next().count(), "granted requests are counted in the shared quota at once");

        Tier bursty = new Tier("b", 60, 60_000, 5);
        RateLimitAlgorithm.Grant burst = RateLimitAlgorithm.grant(new LimiterState(0, 0, 0), 0, bursty, 50, 1);
        assertEquals(5, burst.granted(), "never more at once than the burst");
        assertNull(RateLimitAlgorithm.grant(burst.next(), 0, bursty, 50, 1), "and nothing more until it refills");
        assertNull(RateLimitAlgorithm.grant(new LimiterState(0, 90, 0), 1_000, HUNDRED_PER_MINUTE, 50, 16),
                "a nearly used quota is not parked in leases");
    }

    @Test
    void unspentLeasedRequestsGoBackToTheirWindowOnly() {
        LimiterState state = new LimiterState(0, 40, 24_000);
        LimiterState back = RateLimitAlgorithm.release(state, HUNDRED_PER_MINUTE, 4, 0);
        assertEquals(36, back.count());
        assertEquals(21_600, back.theoreticalArrival(), "the burst is credited too");
        assertEquals(state, RateLimitAlgorithm.release(state, HUNDRED_PER_MINUTE, 4, 60_000),
                "a lease of another window gives nothing back to this one");
    }

    @Test
    void aLeaseIsSizedByTheKeysDemandOverEveryReplicaOnceTheWindowHasRunAPeriod() {
        // 4,000 counted in the 1,000 ms the window has run: 1,000 per 250 ms period, over all replicas.
        LimiterState state = new LimiterState(10_000, 4_000, 11_000);
        assertEquals(256, RateLimitAlgorithm.leaseWanted(state, 11_000, 40, 250, 256), "capped by the largest lease");
        assertEquals(1_000, RateLimitAlgorithm.leaseWanted(state, 11_000, 40, 250, 2_000));
        assertEquals(1_500, RateLimitAlgorithm.leaseWanted(state, 11_000, 1_500, 250, 2_000),
                "a replica seeing more than the average keeps its own demand");
        assertEquals(0, RateLimitAlgorithm.leaseWanted(state, 11_000, 0, 250, 256), "a replica asking none gets none");
        assertEquals(40, RateLimitAlgorithm.leaseWanted(new LimiterState(10_900, 400, 11_000), 11_000, 40, 250, 256),
                "too early in the window for a rate: the replica's own demand");
    }

    @Test
    void aLeaseLastsAsLongAsItsReplicaNeedsToSpendItWithinBounds() {
        assertEquals(250, Lease.lifetimeMillis(40, 40, 250, 2_000, 60_000), "its own demand: one period");
        assertEquals(1_000, Lease.lifetimeMillis(160, 40, 250, 2_000, 60_000), "four periods' worth: four periods");
        assertEquals(2_000, Lease.lifetimeMillis(256, 1, 250, 2_000, 60_000), "never past the longest lifetime");
        assertEquals(300, Lease.lifetimeMillis(160, 40, 250, 2_000, 300), "never past the window");
    }
}
