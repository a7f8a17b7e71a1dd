package io.scalableapi.tokencache;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the verified-token cache ({@code platform.token-cache.*}). */
@ConfigMapping(prefix = "platform.token-cache")
public interface TokenCacheConfig {

    /**
     * Whether verified tokens are cached. Off, every request pays quarkus-oidc's full verification again (the way to
     * make a JWKS key removal or a revocation effective at once, at the cost of one signature check per request).
     */
    @WithDefault("true")
    boolean enabled();

    /** Most tokens held; past it the least valuable entries are evicted, the cache never grows beyond it. */
    @WithDefault("10000")
    int maximumSize();

    /**
     * Longest an entry is served, counted from its verification. An entry never outlives its token's {@code exp}
     * either; this bounds how long a token stays accepted after its signing key left the JWKS.
     */
    @WithDefault("5M")
    Duration maxTtl();
}
