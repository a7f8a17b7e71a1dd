package io.scalableapi.defaults.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.infinispan.client.hotrod.exceptions.TransportException;
import org.junit.jupiter.api.Test;

class CacheCallsTest {

    private final AtomicLong clock = new AtomicLong(1);
    private final Semaphore restarts = new Semaphore(0);
    private final CacheCalls calls = new CacheCalls(Duration.ofMillis(20), Duration.ofSeconds(30), restarts::release,
            clock::get, new SimpleMeterRegistry());

    @Test
    void aCallThatNeverAnswersFailsAtTheBound() {
        CompletableFuture<String> queuedBehindAReconnect = new CompletableFuture<>();

        TransportException failure = assertThrows(TransportException.class,
                () -> calls.await(queuedBehindAReconnect, "read of p-1"));

        assertTrue(failure.getMessage().contains("read of p-1 within 20 ms"), failure.getMessage());
        assertFalse(queuedBehindAReconnect.isDone(), "left to the client, which still holds the operation");
    }

    @Test
    void theClientsOwnFailureIsRethrownUnwrapped() {
        TransportException refused = new TransportException("connection refused", null);

        assertSame(refused, assertThrows(TransportException.class,
                () -> calls.await(CompletableFuture.failedFuture(refused), "read")));
        assertEquals("v", calls.await(CompletableFuture.completedFuture("v"), "read"));
    }

    @Test
    void theClientIsRestartedOnceEveryCallWentUnansweredForThePeriod() throws Exception {
        unansweredAt(0);
        unansweredAt(20);
        assertFalse(restarts.tryAcquire(100, TimeUnit.MILLISECONDS), "20 s unanswered: not yet");

        unansweredAt(31);
        unansweredAt(32);

        assertTrue(restarts.tryAcquire(5, TimeUnit.SECONDS), "31 s unanswered: restarted");
        assertFalse(restarts.tryAcquire(100, TimeUnit.MILLISECONDS), "once");
        awaitGeneration(1);
    }

    @Test
    void anAnswerStartsThePeriodAgain() throws Exception {
        unansweredAt(0);
        assertThrows(TransportException.class, () -> calls.await(
                CompletableFuture.failedFuture(new TransportException("connection reset", null)), "read"));
        unansweredAt(25);
        unansweredAt(40);
        assertFalse(restarts.tryAcquire(100, TimeUnit.MILLISECONDS), "an error is an answer: 15 s unanswered since");

        unansweredAt(56);

        assertTrue(restarts.tryAcquire(5, TimeUnit.SECONDS));
    }

    private void unansweredAt(long seconds) {
        clock.set(1 + TimeUnit.SECONDS.toNanos(seconds));
        assertThrows(TransportException.class, () -> calls.await(new CompletableFuture<>(), "read"));
    }

    private void awaitGeneration(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (calls.generation() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, calls.generation(), "caches are opened again after a restart");
    }
}
