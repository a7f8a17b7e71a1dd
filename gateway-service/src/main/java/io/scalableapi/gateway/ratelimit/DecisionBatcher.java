package io.scalableapi.gateway.ratelimit;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;

/**
 * The decisions of one replica for one key, at as few store calls as exactness allows.
 *
 * <p>Coalescing: while a decision for the key is at the store, requests for the same key wait and are then decided
 * together, in arrival order, with one read and one conditional write. A hot key otherwise turns every request into a
 * compare-and-swap race against its siblings on the same replica.
 *
 * <p>Leases: a key this replica keeps seeing asks the store, in the same write, for as many further requests as it saw
 * in the last period (bounded, see {@link RateLimitAlgorithm#grant}); those are spent here without a round trip. Without
 * them, replicas sharing a hot key race each other's conditional writes and the store work per request grows with the
 * number of replicas; with them it is one store call per lease on each replica. Leased requests are counted in the
 * shared state when granted, so the limit stays exact; an expired lease's unspent requests go back with the key's next
 * store call.
 */
public class DecisionBatcher {

    /** A batch is decided in one pass of the algorithm; beyond this many waiting requests the rest wait for the next. */
    static final int MAX_BATCH = 256;

    /** The store call for one batch of a key. */
    @FunctionalInterface
    public interface Store {
        CompletionStage<BatchOutcome> decide(String key, List<Tier> tiers, LeaseRequest lease);
    }

    private final Store store;
    private final int maxLease;
    private final long periodNanos;
    private final LongSupplier nanoClock;
    /** Every change to a lane happens inside compute() on this map. */
    private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();

    /** Coalescing only, no leases (unit tests of the batching). */
    DecisionBatcher(BiFunction<String, List<Tier>, CompletionStage<List<Decision>>> store) {
        this((key, tiers, lease) -> store.apply(key, tiers).thenApply(d -> new BatchOutcome(d, null)), 0,
                Duration.ofMillis(250), System::nanoTime);
    }

    public DecisionBatcher(Store store, int maxLease, Duration leasePeriod, LongSupplier nanoClock) {
        this.store = store;
        this.maxLease = maxLease;
        this.periodNanos = leasePeriod.toNanos();
        this.nanoClock = nanoClock;
    }

    /** The decision for one request on {@code key}; fails when the store call for its batch fails. */
    public CompletionStage<Decision> decide(String key, Tier tier) {
        long now = nanoClock.getAsLong();
        Waiter waiter = new Waiter(tier, new CompletableFuture<>());
        Decision[] leased = {null};
        LeaseRequest[] starts = {null};
        lanes.compute(key, (k, lane) -> {
            Lane l = lane == null ? new Lane(now) : lane;
            l.seen(now);
            leased[0] = l.spend(tier, now);
            if (leased[0] == null) {
                if (l.busy) {
                    l.waiting.add(waiter);
                } else {
                    l.busy = true;
                    starts[0] = l.leaseRequest(now);
                }
            }
            return l;
        });
        if (leased[0] != null) {
            return CompletableFuture.completedFuture(leased[0]);
        }
        if (starts[0] != null) {
            send(key, List.of(waiter), starts[0]);
        }
        return waiter.result();
    }

    private void send(String key, List<Waiter> batch, LeaseRequest lease) {
        CompletionStage<BatchOutcome> decided;
        try {
            decided = store.decide(key, batch.stream().map(Waiter::tier).toList(), lease);
        } catch (RuntimeException e) {
            decided = CompletableFuture.failedFuture(e);
        }
        decided.whenComplete((outcome, failure) -> {
            for (int i = 0; i < batch.size(); i++) {
                if (failure != null) {
                    batch.get(i).result().completeExceptionally(failure);
                } else {
                    batch.get(i).result().complete(outcome.decisions().get(i));
                }
            }
            sendNext(key, failure == null ? outcome : null);
        });
    }

    /**
     * Takes the new lease (or notes the refusal), serves what waits from it, and sends the rest (if any) as the key's
     * next batch.
     */
    private void sendNext(String key, BatchOutcome outcome) {
        List<Waiter> next = new ArrayList<>();
        List<Decision> servedDecisions = new ArrayList<>();
        List<Waiter> served = new ArrayList<>();
        LeaseRequest[] request = {null};
        lanes.compute(key, (k, lane) -> {
            if (lane == null) {
                return null;
            }
            long now = nanoClock.getAsLong();
            if (outcome != null) {
                lane.learn(outcome, now);
            }
            while (!lane.waiting.isEmpty()) {
                Decision d = lane.spend(lane.waiting.peekFirst().tier(), now);
                if (d == null) {
                    break;
                }
                served.add(lane.waiting.pollFirst());
                servedDecisions.add(d);
            }
            if (lane.waiting.isEmpty()) {
                lane.busy = false;
                return lane;
            }
            for (int i = 0; i < MAX_BATCH && !lane.waiting.isEmpty(); i++) {
                next.add(lane.waiting.pollFirst());
            }
            request[0] = lane.leaseRequest(now);
            return lane;
        });
        for (int i = 0; i < served.size(); i++) {
            served.get(i).result().complete(servedDecisions.get(i));
        }
        if (!next.isEmpty()) {
            send(key, next, request[0]);
        }
    }

    /**
     * Forgets keys not seen for two lease periods (their expired leases' unspent requests are not given back: the
     * limit only gets stricter), so that the lanes are bounded by the keys of the last moments, not by every client
     * ever seen. Called periodically.
     */
    public void sweep() {
        long now = nanoClock.getAsLong();
        for (String key : lanes.keySet()) {
            lanes.computeIfPresent(key, (k, lane) -> lane.idle(now) ? null : lane);
        }
    }

    /** Keys with a batch at the store (for tests: an idle batcher has none). */
    int busyKeys() {
        int busy = 0;
        for (Lane lane : lanes.values()) {
            busy += lane.busy ? 1 : 0;
        }
        return busy;
    }

    /** Keys remembered (for tests: bounded by the sweep). */
    int keys() {
        return lanes.size();
    }

    /** One key on this replica: what waits, its lease, its recent demand. Guarded by the map's compute(). */
    private final class Lane {
        final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
        boolean busy;
        Lease lease;
        int spent;
        Decision refusal;
        long refusedUntil;
        long periodStart;
        int demand;
        int lastDemand;
        long lastSeen;

        Lane(long now) {
            periodStart = now;
        }

        void seen(long now) {
            if (now - periodStart >= periodNanos) {
                lastDemand = now - periodStart < 2 * periodNanos ? demand : 0;
                demand = 0;
                periodStart = now;
            }
            demand++;
            lastSeen = now;
        }

        /** A new lease, or a refusal to repeat for a moment (see {@link #spend}). */
        void learn(BatchOutcome outcome, long now) {
            if (outcome.lease() != null) {
                lease = outcome.lease();
                spent = 0;
            }
            Decision last = outcome.decisions().get(outcome.decisions().size() - 1);
            if (maxLease > 0 && last.outcome() == Decision.Outcome.REJECTED) {
                refusal = last;
                refusedUntil = now + Math.min(periodNanos, last.retryAfterSeconds() * 1_000_000_000L);
            } else {
                refusal = null;
            }
        }

        /**
         * A decision without the store: the key's last refusal, repeated for at most one period (a client over its limit
         * that keeps sending costs no store call per request; the limit can only be stricter for that moment), or a
         * request from the lease. Null when neither can serve this request.
         */
        Decision spend(Tier tier, long now) {
            if (refusal != null && now < refusedUntil && refusal.tier().equals(tier)) {
                return refusal;
            }
            if (lease == null || spent >= lease.granted() || now >= lease.expiresAtNanos() || !lease.tier().equals(tier)) {
                return null;
            }
            spent++;
            long reset = Math.max(1, (lease.windowEndsAtNanos() - now + 999_999_999L) / 1_000_000_000L);
            int remaining = Math.min(tier.limit(), lease.quotaLeftAtStore() + lease.granted() - spent);
            return new Decision(Decision.Outcome.ALLOWED, tier, remaining, reset, 0, null);
        }

        /** What the next store call asks: a lease as large as recent demand, and the unspent rest of an old one. */
        LeaseRequest leaseRequest(long now) {
            int wanted = maxLease == 0 ? 0 : Math.min(maxLease, Math.max(lastDemand, demand - 1));
            Lease old = lease;
            int unspent = old == null ? 0 : old.granted() - spent;
            lease = null;
            spent = 0;
            if (unspent > 0) {
                return new LeaseRequest(wanted, old, unspent);
            }
            return wanted == 0 ? LeaseRequest.NONE : new LeaseRequest(wanted, null, 0);
        }

        boolean idle(long now) {
            return !busy && waiting.isEmpty() && now - lastSeen > 2 * periodNanos
                    && (lease == null || now >= lease.expiresAtNanos());
        }
    }

    private record Waiter(Tier tier, CompletableFuture<Decision> result) {
    }
}
