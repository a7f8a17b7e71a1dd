package io.scalableapi.defaults.cache;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.infinispan.client.hotrod.exceptions.HotRodClientException;
import org.infinispan.client.hotrod.exceptions.TransportException;

/**
 * Waits for one asynchronous Hot Rod call, never longer than a bound. The client's blocking methods wait on the
 * operation's future for up to a day; after an Infinispan restart, operations queued behind the reconnect held
 * cache-service's event lanes for one to two minutes each, far beyond the socket timeout, until the consumer fell
 * behind for good. Failing the call instead lets the caller's own policy act (the event is retried, a read misses).
 */
final class BoundedCall {
    private BoundedCall() {
    }

    static <T> T await(CompletableFuture<T> call, Duration bound, String what) {
        try {
            return call.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // The operation may still complete later; nothing here depends on its result once we gave up on it.
            call.cancel(false);
            throw new TransportException("Infinispan did not answer " + what + " within " + bound.toMillis() + " ms",
                    null);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (CancellationException e) {
            throw new HotRodClientException("Cache call " + what + " was cancelled", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HotRodClientException("Interrupted while waiting for " + what, e);
        }
    }

    private static RuntimeException unwrap(Throwable cause) {
        return cause instanceof RuntimeException runtime ? runtime : new HotRodClientException(cause);
    }
}
