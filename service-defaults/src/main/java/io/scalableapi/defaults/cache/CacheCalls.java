package io.scalableapi.defaults.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.infinispan.client.hotrod.RemoteCacheManager;
import org.infinispan.client.hotrod.exceptions.HotRodClientException;
import org.infinispan.client.hotrod.exceptions.TransportException;
import org.jboss.logging.Logger;

/**
 * Every cache call of the services goes through here: bounded in time, and watched for a client that stopped sending.
 *
 * <p>Bounded: the Hot Rod client's blocking methods wait on the operation for up to a day, and its socket timeout only
 * starts once a request is written. A call that gets no answer within {@link CacheConfig#callTimeout()} fails like a
 * transport error, so the caller's own policy acts (an event is retried, a read misses).
 *
 * <p>Watched: with client 16.0.9, a connection the server (or anything in between) closes right after accepting it can
 * leave the client's connection to that server waiting for a handshake that never comes (a NullPointerException in
 * {@code OperationChannel}'s connect listener); from then on no call is sent, for as long as the process lives. In the
 * journeys this took cache-service's event lanes out for good after an Infinispan outage. When every call has gone
 * unanswered for {@link CacheConfig#restartAfter()} (timeouts only: an error is an answer), the client is restarted.
 * A black-holed server costs a restart per period, which is harmless.
 */
@ApplicationScoped
public class CacheCalls {
    private static final Logger LOG = Logger.getLogger(CacheCalls.class);

    private final Duration bound;
    private final long restartAfterNanos;
    private final Runnable restart;
    private final LongSupplier clock;
    private final Counter restarts;
    /** When the current run of unanswered calls began (clock nanos); 0 while calls are answered. */
    private final AtomicLong unansweredSince = new AtomicLong();
    private final AtomicBoolean restarting = new AtomicBoolean();
    private final AtomicLong generation = new AtomicLong();

    @Inject
    CacheCalls(RemoteCacheManager manager, CacheConfig config, MeterRegistry registry) {
        this(config.callTimeout(), config.restartAfter(), () -> {
            manager.stop();
            manager.start();
        }, System::nanoTime, registry);
    }

    CacheCalls(Duration bound, Duration restartAfter, Runnable restart, LongSupplier clock, MeterRegistry registry) {
        this.bound = bound;
        this.restartAfterNanos = restartAfter.toNanos();
        this.restart = restart;
        this.clock = clock;
        this.restarts = Counter.builder("platform.cache.client.restarts")
                .description("Hot Rod client restarts after every call went unanswered for platform.cache.restart-after")
                .register(registry);
    }

    /** Waits for {@code call} at most the bound; {@code what} names it in the failure. */
    public <T> T await(CompletableFuture<T> call, String what) {
        try {
            T value = call.get(bound.toMillis(), TimeUnit.MILLISECONDS);
            answered();
            return value;
        } catch (TimeoutException e) {
            // Not cancelled: the future may be the client's own operation, still held by its dispatcher, which is not
            // built for operations cancelled under it. It completes or fails there later.
            unanswered();
            throw new TransportException("Infinispan did not answer " + what + " within " + bound.toMillis() + " ms",
                    null);
        } catch (ExecutionException e) {
            answered();
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException runtime ? runtime : new HotRodClientException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HotRodClientException("Interrupted while waiting for " + what, e);
        }
    }

    /** Incremented by every client restart: caches opened before it are opened again (PlatformCaches). */
    public long generation() {
        return generation.get();
    }

    private void answered() {
        if (unansweredSince.get() != 0) {
            unansweredSince.set(0);
        }
    }

    private void unanswered() {
        long now = clock.getAsLong();
        // 0 is "answering": a clock reading of exactly 0 counts from 1 ns later, which changes nothing.
        unansweredSince.compareAndSet(0, now == 0 ? 1 : now);
        long since = unansweredSince.get();
        if (since != 0 && now - since >= restartAfterNanos && restarting.compareAndSet(false, true)) {
            Thread worker = new Thread(() -> restartClient(now - since), "cache-client-restart");
            worker.setDaemon(true);
            worker.start();
        }
    }

    private void restartClient(long unansweredNanos) {
        try {
            LOG.warnf("No cache call answered for %d s: restarting the Hot Rod client", unansweredNanos / 1_000_000_000L);
            restarts.increment();
            restart.run();
            generation.incrementAndGet();
        } catch (RuntimeException e) {
            LOG.warnf("Restarting the Hot Rod client failed (tried again after %d s unanswered): %s",
                    restartAfterNanos / 1_000_000_000L, e.toString());
        } finally {
            // The restarted client gets a full period before it can be restarted again.
            unansweredSince.set(0);
            restarting.set(false);
        }
    }
}
