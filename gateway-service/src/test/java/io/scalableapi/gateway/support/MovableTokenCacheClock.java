package io.scalableapi.gateway.support;

import io.scalableapi.tokencache.TokenCacheClock;
import jakarta.inject.Singleton;
import java.time.Instant;

/**
 * Replaces the token cache's wall clock in the @QuarkusTests (the library's is a default bean). It is the system clock
 * until a test moves it, so that a test can reach a cached token's exp without waiting minutes, while quarkus-oidc
 * (on the real clock) still accepts the token.
 */
@Singleton
public class MovableTokenCacheClock implements TokenCacheClock {

    private volatile long offsetMillis;

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public long millis() {
        return System.currentTimeMillis() + offsetMillis;
    }

    public void moveTo(long epochMillis) {
        offsetMillis = epochMillis - System.currentTimeMillis();
    }

    public void reset() {
        offsetMillis = 0;
    }
}
