package io.scalableapi.tokencache;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A wall clock and a Caffeine ticker the test moves by hand: together (time passes), or the wall clock alone (Caffeine
 * has not noticed yet, so only the cache's own exp check stands between an expired entry and a caller).
 */
final class TestTime implements TokenCacheClock, Ticker {

    private long wallMillis = 1_800_000_000_000L;
    private long tickerNanos = 0;

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(wallMillis);
    }

    @Override
    public long millis() {
        return wallMillis;
    }

    @Override
    public long read() {
        return tickerNanos;
    }

    long epochSecond() {
        return TimeUnit.MILLISECONDS.toSeconds(wallMillis);
    }

    void pass(Duration d) {
        wallMillis += d.toMillis();
        tickerNanos += d.toNanos();
    }

    void passOnWallClockOnly(Duration d) {
        wallMillis += d.toMillis();
    }
}
