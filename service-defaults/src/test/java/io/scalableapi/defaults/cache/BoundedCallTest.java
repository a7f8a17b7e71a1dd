package io.scalableapi.defaults.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.infinispan.client.hotrod.exceptions.TransportException;
import org.junit.jupiter.api.Test;

class BoundedCallTest {

    @Test
    void aCallThatNeverAnswersFailsAtTheBoundAndIsGivenUp() {
        CompletableFuture<String> queuedBehindAReconnect = new CompletableFuture<>();

        TransportException failure = assertThrows(TransportException.class,
                () -> BoundedCall.await(queuedBehindAReconnect, Duration.ofMillis(50), "read of p-1"));

        assertTrue(failure.getMessage().contains("read of p-1 within 50 ms"), failure.getMessage());
        assertTrue(queuedBehindAReconnect.isCancelled(), "the caller no longer waits for it");
    }

    @Test
    void anAnswerWithinTheBoundIsReturned() {
        assertEquals("v", BoundedCall.await(CompletableFuture.completedFuture("v"), Duration.ofMillis(50), "read"));
    }

    @Test
    void theClientsOwnFailureIsRethrownUnwrapped() {
        TransportException refused = new TransportException("connection refused", null);

        assertSame(refused, assertThrows(TransportException.class,
                () -> BoundedCall.await(CompletableFuture.failedFuture(refused), Duration.ofMillis(50), "read")));
    }
}
