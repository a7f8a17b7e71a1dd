package io.scalableapi.gateway.ratelimit;

/**
 * The Infinispan server's wall clock as seen from this replica: one server timestamp and the local monotonic time it was
 * taken at. Monotonic, so a local clock step (NTP, suspend) cannot move windows.
 */
record ServerClock(long serverMillisAtAnchor, long localNanosAtAnchor) {

    long nowMillis() {
        return serverMillisAtAnchor + (System.nanoTime() - localNanosAtAnchor) / 1_000_000;
    }
}
