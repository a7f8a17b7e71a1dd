package io.scalableapi.gateway.ratelimit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Coalesces the decisions of one replica for one key: while a decision for the key is at the store, requests for the same
 * key wait and are then decided together, in arrival order, with one read and one conditional write.
 *
 * <p>Why: a hot key (one busy client) otherwise turns every request into a compare-and-swap race against its siblings on
 * the same replica; most lose, re-read and retry, so the limiter's cost grows with concurrency and losers run into the
 * store bound (the policy's fail mode). Coalesced, a replica has at most one write per key in flight, so races only
 * happen between replicas, and the quota stays exact because each request is still counted once, in order, in the
 * shared state.
 */
public class DecisionBatcher {

    /** A batch is decided in one pass of the algorithm; beyond this many waiting requests the rest wait for the next. */
    static final int MAX_BATCH = 256;

    private final BiFunction<String, List<Tier>, CompletionStage<List<Decision>>> store;
    /** A key has a lane exactly while a batch of it is at the store; every change to a lane happens inside compute(). */
    private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();

    DecisionBatcher(BiFunction<String, List<Tier>, CompletionStage<List<Decision>>> store) {
        this.store = store;
    }

    /** The decision for one request on {@code key}; fails when the store call for its batch fails. */
    public CompletionStage<Decision> decide(String key, Tier tier) {
        Waiter waiter = new Waiter(tier, new CompletableFuture<>());
        boolean[] first = {false};
        lanes.compute(key, (k, lane) -> {
            if (lane == null) {
                first[0] = true;
                return new Lane();
            }
            lane.waiting.add(waiter);
            return lane;
        });
        if (first[0]) {
            send(key, List.of(waiter));
        }
        return waiter.result();
    }

    private void send(String key, List<Waiter> batch) {
        CompletionStage<List<Decision>> decided;
        try {
            decided = store.apply(key, batch.stream().map(Waiter::tier).toList());
        } catch (RuntimeException e) {
            decided = CompletableFuture.failedFuture(e);
        }
        decided.whenComplete((decisions, failure) -> {
            for (int i = 0; i < batch.size(); i++) {
                if (failure != null) {
                    batch.get(i).result().completeExceptionally(failure);
                } else {
                    batch.get(i).result().complete(decisions.get(i));
                }
            }
            sendNext(key);
        });
    }

    private void sendNext(String key) {
        List<List<Waiter>> next = new ArrayList<>(1);
        lanes.compute(key, (k, lane) -> {
            if (lane == null || lane.waiting.isEmpty()) {
                return null;
            }
            int size = Math.min(MAX_BATCH, lane.waiting.size());
            List<Waiter> batch = new ArrayList<>(lane.waiting.subList(0, size));
            lane.waiting.subList(0, size).clear();
            next.add(batch);
            return lane;
        });
        if (!next.isEmpty()) {
            send(key, next.get(0));
        }
    }

    /** Keys with a batch at the store (for tests: an idle batcher holds nothing). */
    int busyKeys() {
        return lanes.size();
    }

    private static final class Lane {
        final List<Waiter> waiting = new ArrayList<>();
    }

    private record Waiter(Tier tier, CompletableFuture<Decision> result) {
    }
}
