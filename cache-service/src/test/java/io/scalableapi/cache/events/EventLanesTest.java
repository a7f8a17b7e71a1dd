package io.scalableapi.cache.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventLanesTest {

    @Test
    void tasksOfOneKeyRunInOrderAndOneAtATime() throws Exception {
        EventLanes lanes = new EventLanes(4, 1000);
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(400);
        for (int i = 0; i < 100; i++) {
            for (String key : List.of("a", "b", "c", "d")) {
                int n = i;
                lanes.submit(key, () -> {
                    if (running.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                    }
                    seen.computeIfAbsent(key, k -> new ArrayList<>()).add(n);
                    sleep(1);
                    running.get(key).decrementAndGet();
                    done.countDown();
                });
            }
        }
        assertTrue(done.await(30, TimeUnit.SECONDS));
        assertEquals(0, overlaps.get());
        for (List<Integer> order : seen.values()) {
            for (int i = 0; i < order.size(); i++) {
                assertEquals(i, order.get(i));
            }
        }
        lanes.stop(Duration.ofSeconds(1));
    }

    @Test
    void differentKeysRunConcurrently() throws Exception {
        EventLanes lanes = new EventLanes(8, 1000);
        // Two keys on different lanes: the second runs while the first is blocked.
        String first = "k0", second = keyOnAnotherLane(lanes, first);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch secondRan = new CountDownLatch(1);
        lanes.submit(first, () -> await(release));
        lanes.submit(second, secondRan::countDown);
        assertTrue(secondRan.await(5, TimeUnit.SECONDS), "the second key waited for the first");
        release.countDown();
        lanes.stop(Duration.ofSeconds(1));
    }

    @Test
    void oneLaneIsStrictlySerial() throws Exception {
        EventLanes lanes = new EventLanes(1, 1000);
        List<String> order = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(3);
        for (String key : List.of("x", "y", "z")) {
            lanes.submit(key, () -> {
                synchronized (order) {
                    order.add(key);
                }
                done.countDown();
            });
        }
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("x", "y", "z"), order);
        lanes.stop(Duration.ofSeconds(1));
    }

    @Test
    void theCallerWaitsWhileTheBoundIsReached() throws Exception {
        EventLanes lanes = new EventLanes(2, 2);
        CountDownLatch release = new CountDownLatch(1);
        assertTrue(lanes.submit("a", () -> await(release)).toCompletableFuture().isDone());
        CompletionStage<Void> full = lanes.submit("b", () -> await(release));
        assertFalse(full.toCompletableFuture().isDone(), "two in flight with a bound of two: no room");

        release.countDown();

        full.toCompletableFuture().get(5, TimeUnit.SECONDS);
        lanes.stop(Duration.ofSeconds(1));
    }

    private static String keyOnAnotherLane(EventLanes lanes, String key) {
        for (int i = 1; ; i++) {
            String other = "k" + i;
            if (Math.floorMod(other.hashCode(), lanes.lanes()) != Math.floorMod(key.hashCode(), lanes.lanes())) {
                return other;
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
