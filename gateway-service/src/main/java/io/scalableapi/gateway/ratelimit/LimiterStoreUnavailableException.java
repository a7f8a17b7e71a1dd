package io.scalableapi.gateway.ratelimit;

/** The shared state cannot be read or written right now (not connected yet, clock not synchronized, too much contention). */
public class LimiterStoreUnavailableException extends RuntimeException {

    public LimiterStoreUnavailableException(String message) {
        super(message);
    }
}
