package io.scalableapi.cache.events;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks on a fixed number of serial lanes, each task on the lane its key hashes to: tasks of one key run one at a
 * time in submission order, tasks of different keys run side by side. Striping rather than one lane per key keeps the
 * thread count fixed; two keys that share a lane merely wait for each other. One lane is the strictly serial consumer.
 *
 * <p>Backpressure: {@link #submit} always takes the task, and the stage it returns completes once fewer than
 * {@code maxInFlight} tasks are queued or running. The caller submits again only after that, so at most
 * {@code maxInFlight} tasks wait (one more while the stage is pending).
 */
final class EventLanes {
    private static final CompletionStage<Void> ROOM = CompletableFuture.completedFuture(null);

    private final ExecutorService[] lanes;
    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Completed when a task finishes and brings the count below the bound; guarded by {@code this}. */
    private CompletableFuture<Void> room;

    EventLanes(int count, int maxInFlight) {
        if (count < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("lanes and max-in-flight must be at least 1");
        }
        this.maxInFlight = maxInFlight;
        this.lanes = new ExecutorService[count];
        for (int i = 0; i < count; i++) {
            String name = "cache-events-lane-" + i;
            lanes[i] = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
        }
    }

    int lanes() {
        return lanes.length;
    }

    int inFlight() {
        return inFlight.get();
    }

    CompletionStage<Void> submit(String key, Runnable task) {
        ExecutorService lane = lanes[Math.floorMod(key.hashCode(), lanes.length)];
        inFlight.incrementAndGet();
        try {
            lane.execute(() -> {
                try {
                    task.run();
                } finally {
                    finished();
                }
            });
        } catch (RuntimeException rejected) {
            // Stopping: the task never runs, so its record is not acknowledged and the next consumer gets it.
            finished();
            return ROOM;
        }
        synchronized (this) {
            if (inFlight.get() < maxInFlight) {
                return ROOM;
            }
            if (room == null) {
                room = new CompletableFuture<>();
            }
            return room;
        }
    }

    private void finished() {
        int now = inFlight.decrementAndGet();
        CompletableFuture<Void> waiting;
        synchronized (this) {
            if (room == null || now >= maxInFlight) {
                return;
            }
            waiting = room;
            room = null;
        }
        waiting.complete(null);
    }

    /** Takes no more tasks and waits up to {@code grace} for the running ones; queued ones are dropped. */
    void stop(Duration grace) {
        for (ExecutorService lane : lanes) {
            // Queued tasks are dropped unacknowledged; a running one is interrupted out of its retry pause.
            lane.shutdownNow();
        }
        long deadline = System.nanoTime() + grace.toNanos();
        for (ExecutorService lane : lanes) {
            try {
                lane.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        CompletableFuture<Void> waiting;
        synchronized (this) {
            waiting = room;
            room = null;
        }
        if (waiting != null) {
            waiting.complete(null);
        }
    }
}
