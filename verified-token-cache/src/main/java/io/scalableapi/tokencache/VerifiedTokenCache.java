package io.scalableapi.tokencache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Identities of bearer tokens that passed verification, keyed by the token's SHA-256 digest. Size-bounded (Caffeine
 * evicts rather than grows) and time-bounded: an entry is served until min(token exp, verification + max TTL) and never
 * after, checked against the wall clock on every lookup, not only by Caffeine's expiry, so no timer precision, clock
 * source difference or pending maintenance can serve an expired token. It is filled only by
 * {@link VerifiedIdentityRecorder}, with what quarkus-oidc verified: no negative caching, a token that failed
 * verification is verified (and fails) again every time.
 */
public final class VerifiedTokenCache {

    private final Cache<TokenDigest, VerifiedToken> entries;
    private final long maxTtlMillis;
    private final InstantSource clock;
    private final Counter hits;
    private final Counter misses;
    private final Counter sizeEvictions;
    private final Counter expiredEvictions;

    /**
     * @param clock wall clock, compared with the tokens' {@code exp}
     * @param ticker Caffeine's monotonic time source for its own expiry
     */
    public VerifiedTokenCache(int maximumSize, Duration maxTtl, InstantSource clock, Ticker ticker,
            MeterRegistry registry) {
        if (maximumSize < 1 || maxTtl.isNegative() || maxTtl.isZero()) {
            throw new IllegalArgumentException("token cache: maximum-size and max-ttl must be positive");
        }
        this.maxTtlMillis = maxTtl.toMillis();
        this.clock = clock;
        this.hits = Counter.builder("token.cache.hits").description("Bearer tokens found verified in the cache")
                .register(registry);
        this.misses = Counter.builder("token.cache.misses")
                .description("Bearer tokens not in the cache (or no longer servable), left to quarkus-oidc to verify")
                .register(registry);
        this.sizeEvictions = evictions(registry, "size");
        this.expiredEvictions = evictions(registry, "expired");
        this.entries = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfter(new UntilServable())
                .ticker(ticker)
                // Eviction and maintenance run on the calling thread: no work handed to the common pool, and the
                // bound holds when put returns.
                .executor(Runnable::run)
                .evictionListener((TokenDigest key, VerifiedToken value, RemovalCause cause) -> {
                    if (cause == RemovalCause.SIZE) {
                        sizeEvictions.increment();
                    } else if (cause == RemovalCause.EXPIRED) {
                        expiredEvictions.increment();
                    }
                })
                .build();
        Gauge.builder("token.cache.size", entries, Cache::estimatedSize)
                .description("Verified bearer tokens held").register(registry);
    }

    private static Counter evictions(MeterRegistry registry, String cause) {
        return Counter.builder("token.cache.evictions").tag("cause", cause)
                .description("Verified bearer tokens dropped before being asked for again").register(registry);
    }

    /**
     * The identity verified for this token under this OIDC tenant, or null when there is none that may still be served.
     */
    public SecurityIdentity lookup(TokenDigest digest, String tenantId) {
        SecurityIdentity identity = peek(digest, tenantId);
        if (identity == null) {
            misses.increment();
        }
        return identity;
    }

    /**
     * {@link #lookup} for a caller that, on a miss, goes on to the security stack, whose own lookup counts the miss (a
     * gateway short cut past the authentication mechanism): hits are counted, misses are not counted twice.
     */
    public SecurityIdentity peek(TokenDigest digest, String tenantId) {
        VerifiedToken entry = entries.getIfPresent(digest);
        if (entry == null || !Objects.equals(entry.tenantId(), tenantId)) {
            return null;
        }
        if (clock.millis() >= entry.expiresAtMillis()) {
            if (entries.asMap().remove(digest, entry)) {
                expiredEvictions.increment();
            }
            return null;
        }
        hits.increment();
        return entry.identity();
    }

    /**
     * Remembers an identity quarkus-oidc verified for the token. Not cached (false) when its principal carries no
     * {@code exp} or the token has already expired: nothing is ever served beyond the token's own lifetime.
     */
    public boolean put(TokenDigest digest, String tenantId, SecurityIdentity verified) {
        long expMillis = expirationMillis(verified);
        long now = clock.millis();
        long servableUntil = Math.min(expMillis, now + maxTtlMillis);
        if (expMillis <= 0 || servableUntil <= now) {
            return false;
        }
        entries.put(digest, new VerifiedToken(verified, tenantId, servableUntil));
        return true;
    }

    public long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    private static long expirationMillis(SecurityIdentity identity) {
        // exp is in whole seconds since the epoch (getExpirationTime fails when it is absent).
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.containsClaim(Claims.exp.name())) {
            return TimeUnit.SECONDS.toMillis(jwt.getExpirationTime());
        }
        return 0;
    }

    /** Caffeine drops an entry when it stops being servable; a replaced entry gets the new one's lifetime. */
    private final class UntilServable implements Expiry<TokenDigest, VerifiedToken> {
        @Override
        public long expireAfterCreate(TokenDigest key, VerifiedToken value, long currentTime) {
            return TimeUnit.MILLISECONDS.toNanos(Math.max(0, value.expiresAtMillis() - clock.millis()));
        }

        @Override
        public long expireAfterUpdate(TokenDigest key, VerifiedToken value, long currentTime, long currentDuration) {
            return expireAfterCreate(key, value, currentTime);
        }

        @Override
        public long expireAfterRead(TokenDigest key, VerifiedToken value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
