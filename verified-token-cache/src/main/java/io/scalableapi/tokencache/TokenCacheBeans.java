package io.scalableapi.tokencache;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The one cache of a process, shared by the provider that reads it and the augmentor that fills it. */
@Singleton
class TokenCacheBeans {

    @Produces
    @Singleton
    VerifiedTokenCache verifiedTokenCache(TokenCacheConfig config, TokenCacheClock clock, MeterRegistry registry) {
        return new VerifiedTokenCache(config.maximumSize(), config.maxTtl(), clock, Ticker.systemTicker(), registry);
    }

    @Produces
    @Singleton
    @DefaultBean
    TokenCacheClock tokenCacheClock() {
        return TokenCacheClock.SYSTEM;
    }
}
