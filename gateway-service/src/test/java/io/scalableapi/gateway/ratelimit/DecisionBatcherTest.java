package io.scalableapi.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class DecisionBatcherTest {

    private static final Tier TIER = new Tier("t", 3, 60_000, 3);

    /** A store that answers only when the test says so, deciding each batch with the real algorithm on its own state. */
    private static final class ManualStore {
        final List<String> keys = new ArrayList<>();
        final List<List<Tier>> batches = new ArrayList<>();
        final List<CompletableFuture<List<Decision>>> pending = new ArrayList<>();
        LimiterState state;

        CompletionStage<List<Decision>> decideAll(String key, List<Tier> tiers) {
            keys.add(key);
            batches.add(tiers);
            CompletableFuture<List<Decision>> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        }

        void answer(int batch) {
            List<Decision> decisions = RateLimitAlgorithm.decideInOrder(state, 1_000, batches.get(batch));
            LimiterState after = RateLimitAlgorithm.stateAfter(decisions);
            if (after != null) {
                state = after;
            }
            pending.get(batch).complete(decisions);
        }
    }

    @Test
    void requestsArrivingWhileTheKeyIsAtTheStoreAreDecidedTogetherInArrivalOrder() throws Exception {
        ManualStore store = new ManualStore();
        DecisionBatcher batcher = new DecisionBatcher(store::decideAll);

        CompletableFuture<Decision> first = batcher.decide("k", TIER).toCompletableFuture();
        List<CompletableFuture<Decision>> waiting = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            waiting.add(batcher.decide("k", TIER).toCompletableFuture());
        }
        assertEquals(1, store.batches.size(), "one call at the store per key at a time");
        assertTrue(waiting.stream().noneMatch(CompletableFuture::isDone));

        store.answer(0);
        assertEquals(Decision.Outcome.ALLOWED, first.get().outcome());
        assertEquals(2, store.batches.size());
        assertEquals(4, store.batches.get(1).size(), "the four waiting requests go as one batch");

        store.answer(1);
        // Quota 3: the first request took one, so the next two in arrival order pass and the last two are refused.
        assertEquals(List.of(Decision.Outcome.ALLOWED, Decision.Outcome.ALLOWED, Decision.Outcome.REJECTED,
                Decision.Outcome.REJECTED), waiting.stream().map(f -> f.join().outcome()).toList());
        assertEquals(List.of(1, 0, 0, 0), waiting.stream().map(f -> f.join().remaining()).toList());
        assertEquals(0, batcher.busyKeys(), "an idle key holds nothing");
    }

    @Test
    void differentKeysDoNotWaitForEachOther() {
        ManualStore store = new ManualStore();
        DecisionBatcher batcher = new DecisionBatcher(store::decideAll);

        batcher.decide("a", TIER);
        batcher.decide("b", TIER);

        assertEquals(List.of("a", "b"), store.keys);
    }

    @Test
    void aFailedStoreCallFailsItsBatchAndTheNextBatchStillGoes() throws Exception {
        ManualStore store = new ManualStore();
        DecisionBatcher batcher = new DecisionBatcher(store::decideAll);
        CompletableFuture<Decision> first = batcher.decide("k", TIER).toCompletableFuture();
        CompletableFuture<Decision> second = batcher.decide("k", TIER).toCompletableFuture();

        store.pending.get(0).completeExceptionally(new LimiterStoreUnavailableException("down"));

        ExecutionException failed = assertThrows(ExecutionException.class, first::get);
        assertTrue(failed.getCause() instanceof LimiterStoreUnavailableException);
        assertFalse(second.isDone(), "the waiting request is sent in its own batch, not failed with the first");
        store.answer(1);
        assertEquals(Decision.Outcome.ALLOWED, second.get().outcome());
        assertEquals(0, batcher.busyKeys());
    }

    @Test
    void aBatchNeverExceedsTheBoundAndTheRestFollow() {
        ManualStore store = new ManualStore();
        DecisionBatcher batcher = new DecisionBatcher(store::decideAll);
        Tier roomy = new Tier("r", 10_000, 60_000, 10_000);
        batcher.decide("k", roomy);
        List<CompletableFuture<Decision>> waiting = new ArrayList<>();
        for (int i = 0; i < DecisionBatcher.MAX_BATCH + 10; i++) {
            waiting.add(batcher.decide("k", roomy).toCompletableFuture());
        }

        store.answer(0);
        store.answer(1);
        store.answer(2);

        assertEquals(List.of(1, DecisionBatcher.MAX_BATCH, 10), store.batches.stream().map(List::size).toList());
        assertTrue(waiting.stream().allMatch(f -> f.join().outcome() == Decision.Outcome.ALLOWED));
    }

    private static final long[] nanos = {0};

    @Test
    void aKeySeenOftenIsServedFromLeasesAndTheLimitStaysExact() {
        SharedStore store = new SharedStore();
        nanos[0] = 0;
        DecisionBatcher batcher = new DecisionBatcher(store::decide, 256, java.time.Duration.ofMillis(250), () -> nanos[0]);
        Tier tier = new Tier("t", 1_000, 60_000, 1_000);
        int allowed = 0;
        for (int i = 0; i < 1_500; i++) {
            nanos[0] += 1_000_000; // one request a millisecond
            if (batcher.decide("k", tier).toCompletableFuture().join().allowed()) {
                allowed++;
            }
        }
        assertEquals(1_000, allowed, "leased or not, exactly the quota passes");
        assertTrue(store.calls < 300, "most requests were served from leases: " + store.calls + " store calls");
    }

    @Test
    void anExpiredLeaseGivesItsUnspentRequestsBackWithTheNextStoreCall() {
        SharedStore store = new SharedStore();
        nanos[0] = 0;
        DecisionBatcher batcher = new DecisionBatcher(store::decide, 256, java.time.Duration.ofMillis(250), () -> nanos[0]);
        Tier tier = new Tier("t", 1_000, 60_000, 1_000);
        for (int i = 0; i < 40; i++) {
            nanos[0] += 1_000_000;
            batcher.decide("k", tier).toCompletableFuture().join();
        }
        int countedBefore = store.state.count();
        nanos[0] += 1_000_000_000L; // every lease expired
        assertTrue(batcher.decide("k", tier).toCompletableFuture().join().allowed());
        LeaseRequest last = store.requests.get(store.requests.size() - 1);
        assertTrue(last.unspent() > 0, "the expired lease's rest went back: " + last);
        assertEquals(countedBefore - last.unspent() + 1, store.state.count(), "counted: what was spent, plus this one");
    }

    @Test
    void keysNotSeenForTwoPeriodsAreForgotten() {
        SharedStore store = new SharedStore();
        nanos[0] = 0;
        DecisionBatcher batcher = new DecisionBatcher(store::decide, 256, java.time.Duration.ofMillis(250), () -> nanos[0]);
        Tier tier = new Tier("t", 1_000, 60_000, 1_000);
        for (int i = 0; i < 500; i++) {
            batcher.decide("client-" + i, tier);
        }
        assertEquals(500, batcher.keys());
        nanos[0] += 1_000_000_000L;
        batcher.sweep();
        assertEquals(0, batcher.keys(), "what clients sent once does not stay in memory");
    }

    /**
     * A store deciding with the real algorithm and granting leases as InfinispanLimiterStore does (sized by the key's
     * demand over every replica, kept for as long as the asking replica needs to spend it), answering at once; one or
     * several replicas share it. Server time is the test's.
     */
    private static final class SharedStore {
        static final long PERIOD_MILLIS = 250;
        static final long MAX_LIFETIME_MILLIS = 2_000;
        LimiterState state;
        int calls;
        final List<LeaseRequest> requests = new ArrayList<>();

        CompletionStage<BatchOutcome> decide(String key, List<Tier> tiers, LeaseRequest lease) {
            calls++;
            requests.add(lease);
            long serverNow = nanos[0] / 1_000_000;
            LimiterState base = lease.expired() == null ? state
                    : RateLimitAlgorithm.release(state, lease.expired().tier(), lease.unspent(), lease.expired().windowStart());
            List<Decision> decisions = RateLimitAlgorithm.decideInOrder(base, serverNow, tiers);
            LimiterState after = RateLimitAlgorithm.stateAfter(decisions);
            state = after != null ? after : base;
            Tier tier = tiers.get(tiers.size() - 1);
            int wanted = RateLimitAlgorithm.leaseWanted(state, serverNow, lease.wanted(), PERIOD_MILLIS, 256);
            RateLimitAlgorithm.Grant grant = RateLimitAlgorithm.grant(state, serverNow, tier, wanted, 16);
            Lease granted = null;
            if (grant != null) {
                state = grant.next();
                long windowLeft = state.windowStart() + tier.windowMillis() - serverNow;
                long valid = Lease.lifetimeMillis(grant.granted(), lease.wanted(), PERIOD_MILLIS, MAX_LIFETIME_MILLIS,
                        windowLeft);
                granted = new Lease(tier, grant.granted(), state.windowStart(), tier.limit() - state.count(),
                        nanos[0] + valid * 1_000_000, nanos[0] + windowLeft * 1_000_000);
            }
            return CompletableFuture.completedFuture(new BatchOutcome(decisions, granted));
        }
    }

    /**
     * Store calls per decision for one hot key at one request every 4 ms in all (about 62 per lease period, well under
     * the largest lease), spread evenly over the replicas.
     */
    private static double storeCallsPerDecision(int replicas, Tier tier) {
        SharedStore store = new SharedStore();
        nanos[0] = 1_000_000_000L;
        List<DecisionBatcher> gateways = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            gateways.add(new DecisionBatcher(store::decide, 256, java.time.Duration.ofMillis(250), () -> nanos[0]));
        }
        int decisions = 0;
        int allowed = 0;
        for (int i = 0; i < 20_000; i++) {
            nanos[0] += 4_000_000;
            allowed += gateways.get(i % replicas).decide("hot", tier).toCompletableFuture().join().allowed() ? 1 : 0;
            decisions++;
        }
        assertEquals(decisions, allowed, "the limit is never reached in this story");
        return store.calls / (double) decisions;
    }

    @Test
    void storeCallsPerDecisionDoNotGrowWithTheNumberOfReplicas() {
        Tier tier = new Tier("t", 1_000_000, 600_000, 1_000_000);
        double one = storeCallsPerDecision(1, tier);
        double two = storeCallsPerDecision(2, tier);
        double four = storeCallsPerDecision(4, tier);
        assertTrue(one < 0.05, "one replica spends leases: " + one);
        assertTrue(two <= 1.2 * one, "two replicas ÷ one: " + two / one + " (" + two + " vs " + one + ")");
        assertTrue(four <= 1.2 * one, "four replicas ÷ one: " + four / one + " (" + four + " vs " + one + ")");
    }

    @Test
    void aKeySharedByFourReplicasStillPassesExactlyItsQuota() {
        SharedStore store = new SharedStore();
        nanos[0] = 1_000_000_000L;
        Tier tier = new Tier("t", 5_000, 60_000, 5_000);
        List<DecisionBatcher> gateways = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            gateways.add(new DecisionBatcher(store::decide, 256, java.time.Duration.ofMillis(250), () -> nanos[0]));
        }
        int allowed = 0;
        for (int i = 0; i < 12_000; i++) {
            nanos[0] += 1_000_000;
            allowed += gateways.get(i % 4).decide("hot", tier).toCompletableFuture().join().allowed() ? 1 : 0;
        }
        assertEquals(5_000, allowed, "leases sized by the whole key's demand still pass exactly the quota");
    }
}
