package io.scalableapi.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 7: the burst bounds requests back to back wherever they fall, also across the end of a window. A new
 * window restarts the quota, not the GCRA: a burst at the end of one window and another at the start of the next are
 * one burst.
 */
class BurstAcrossWindowBoundaryTest {

    /** 100 per minute, 5 back to back: one request per 600 ms beyond the burst. */
    private static final Tier TIER = new Tier("t", 100, 60_000, 5);

    @Test
    void backToBackBurstsEitherSideOfTheBoundaryPassAtMostTheBurst() {
        // The window opens at 0 with one request; the client then waits until 1 ms before it ends.
        LimiterState state = RateLimitAlgorithm.decide(null, 0, TIER).next();
        long end = state.windowStart() + TIER.windowMillis();
        int passed = 0;
        for (long now : new long[] {end - 1, end - 1, end - 1, end - 1, end - 1, end, end, end, end, end, end + 1}) {
            Decision d = RateLimitAlgorithm.decide(state, now, TIER);
            if (d.allowed()) {
                passed++;
                state = d.next();
            }
        }
        assertEquals(TIER.burst(), passed, "11 requests within 2 ms across the boundary: at most the burst passes");
        // The quota did restart: the next request the GCRA lets through (one interval on) opens a new window, count 1.
        Decision next = RateLimitAlgorithm.decide(state, end + 600, TIER);
        assertTrue(next.allowed());
        assertEquals(end + 600, next.next().windowStart());
        assertEquals(1, next.next().count());
    }

    @Test
    void aBatchAcrossTheBoundaryIsBoundByTheBurstToo() {
        LimiterState state = RateLimitAlgorithm.decide(null, 0, TIER).next();
        long end = state.windowStart() + TIER.windowMillis();
        List<Decision> before = RateLimitAlgorithm.decideInOrder(state, end - 1, List.of(TIER, TIER, TIER, TIER, TIER));
        assertTrue(before.stream().allMatch(Decision::allowed), "the burst is available before the boundary");
        List<Decision> after = RateLimitAlgorithm.decideInOrder(RateLimitAlgorithm.stateAfter(before), end,
                List.of(TIER, TIER, TIER, TIER, TIER));
        assertEquals(0, after.stream().filter(Decision::allowed).count(), "and spent right after it");
        // The GCRA refills at its own pace, window or not: one request per emission interval (600 ms).
        Decision later = RateLimitAlgorithm.decide(RateLimitAlgorithm.stateAfter(before), end + 600, TIER);
        assertTrue(later.allowed(), "one request per interval after the burst");
    }

    @Test
    void aWindowLongIdleStartsWithTheFullBurst() {
        LimiterState state = RateLimitAlgorithm.decide(null, 0, TIER).next();
        int passed = 0;
        for (int i = 0; i < 10; i++) {
            Decision d = RateLimitAlgorithm.decide(state, 10 * TIER.windowMillis(), TIER);
            if (d.allowed()) {
                passed++;
                state = d.next();
            }
        }
        assertEquals(TIER.burst(), passed, "carrying the GCRA forward never takes a rested client's burst away");
    }
}
