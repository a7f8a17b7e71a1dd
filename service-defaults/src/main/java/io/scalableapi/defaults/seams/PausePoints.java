package io.scalableapi.defaults.seams;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Named points in the code where concurrent requests can interleave (for example between "loaded from the database"
 * and "written to the cache"). Production code reports reaching one with {@link #reached}; nothing ever arms a point
 * outside tests, so that is one lookup in an empty map. A test arms a point for one key to hold the request there
 * while it runs the competing request, which makes a race deterministic instead of a matter of sleeping and hoping.
 */
@ApplicationScoped
public class PausePoints {
    /** Before a read writes what it loaded into a cache: the window a concurrent delete or erasure can fall into. */
    public static final String CACHE_FILL = "cache-fill";
    /** A bound on any hold, so a test that forgets to release cannot wedge a request thread for good. */
    static final Duration MAX_HOLD = Duration.ofSeconds(60);

    private final Map<String, Pause> armed = new ConcurrentHashMap<>();

    /** The key {@link #CACHE_FILL} is reported with: the cache and the entry's key. */
    public static String cacheEntry(String cache, String key) {
        return cache + "/" + key;
    }

    /** Holds the calling thread when a test armed {@code point} for {@code key}; returns at once otherwise. */
    public void reached(String point, String key) {
        if (armed.isEmpty()) {
            return;
        }
        Pause pause = armed.remove(point + "|" + key);
        if (pause != null) {
            pause.hold();
        }
    }

    /** Arms {@code point} for the next thread that reaches it with {@code key}; one use. */
    public Pause arm(String point, String key) {
        Pause pause = new Pause();
        armed.put(point + "|" + key, pause);
        return pause;
    }

    /** One armed point: the test waits until a thread is held there, does its competing work, then releases it. */
    public static final class Pause {
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        private void hold() {
            reached.countDown();
            try {
                released.await(MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** @throws IllegalStateException when no thread reached the point within {@code timeout} */
        public void awaitReached(Duration timeout) throws InterruptedException {
            if (!reached.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Nothing reached the armed point within " + timeout);
            }
        }

        public void release() {
            released.countDown();
        }
    }
}
