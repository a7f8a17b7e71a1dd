package io.scalableapi.tokencache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerifiedTokenCacheTest {

    private static final String TENANT = "Default";

    private final TestTime time = new TestTime();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private VerifiedTokenCache cache(int maximumSize, Duration maxTtl) {
        return new VerifiedTokenCache(maximumSize, maxTtl, time, time, registry);
    }

    private SecurityIdentity identityExpiringIn(String token, Duration lifetime) {
        return Identities.verified(token, "alice", time.epochSecond() + lifetime.toSeconds(),
                Identities.request(Map.of()), "user");
    }

    @Test
    void anEntryIsNeverServedAtOrAfterTheTokensExpEvenWithALongerMaxTtl() {
        VerifiedTokenCache cache = cache(100, Duration.ofHours(1));
        TokenDigest key = TokenDigest.of("t1");
        SecurityIdentity verified = identityExpiringIn("t1", Duration.ofSeconds(60));
        assertTrue(cache.put(key, TENANT, verified));

        time.pass(Duration.ofSeconds(59));
        assertSame(verified, cache.lookup(key, TENANT));
        time.pass(Duration.ofSeconds(1));
        assertNull(cache.lookup(key, TENANT), "served at exp");
        time.pass(Duration.ofMinutes(30));
        assertNull(cache.lookup(key, TENANT));
    }

    @Test
    void anEntryIsNeverServedBeyondTheMaxTtlEvenWhenTheTokenLivesLonger() {
        VerifiedTokenCache cache = cache(100, Duration.ofMinutes(5));
        TokenDigest key = TokenDigest.of("t1");
        assertTrue(cache.put(key, TENANT, identityExpiringIn("t1", Duration.ofHours(10))));

        time.pass(Duration.ofMinutes(5).minusSeconds(1));
        assertNotNull(cache.lookup(key, TENANT));
        time.pass(Duration.ofSeconds(1));
        assertNull(cache.lookup(key, TENANT), "served at verification + max TTL");
    }

    @Test
    void anExpiredEntryIsNotServedEvenWhileTheMapStillHoldsIt() {
        VerifiedTokenCache cache = cache(100, Duration.ofMinutes(5));
        TokenDigest key = TokenDigest.of("t1");
        cache.put(key, TENANT, identityExpiringIn("t1", Duration.ofSeconds(30)));

        // Caffeine's ticker stands still: only the lookup's own wall-clock check can refuse the entry.
        time.passOnWallClockOnly(Duration.ofSeconds(31));
        assertNull(cache.lookup(key, TENANT));
        assertEquals(1.0, counter("token.cache.misses"));
        assertEquals(0.0, counter("token.cache.hits"));
        assertEquals(1.0, registry.get("token.cache.evictions").tag("cause", "expired").counter().count());
        assertEquals(0, cache.size(), "the expired entry is dropped, not kept");
    }

    @Test
    void theCacheEvictsRatherThanGrowsPastItsMaximumSize() {
        VerifiedTokenCache cache = cache(3, Duration.ofMinutes(5));
        for (int i = 0; i < 50; i++) {
            cache.put(TokenDigest.of("t" + i), TENANT, identityExpiringIn("t" + i, Duration.ofMinutes(5)));
        }
        assertTrue(cache.size() <= 3, "size " + cache.size());
        assertEquals(50 - cache.size(), registry.get("token.cache.evictions").tag("cause", "size").counter().count());
        assertEquals((double) cache.size(), registry.get("token.cache.size").gauge().value());
    }

    @Test
    void aTokenWithoutExpOrAlreadyExpiredIsNotCached() {
        VerifiedTokenCache cache = cache(100, Duration.ofMinutes(5));
        SecurityIdentity noExp = Identities.verified("t1", "alice", null, Identities.request(Map.of()), "user");
        assertFalse(cache.put(TokenDigest.of("t1"), TENANT, noExp));
        assertFalse(cache.put(TokenDigest.of("t2"), TENANT, identityExpiringIn("t2", Duration.ZERO)));
        assertFalse(cache.put(TokenDigest.of("t3"), TENANT, identityExpiringIn("t3", Duration.ofSeconds(-10))));
        assertEquals(0, cache.size());
    }

    @Test
    void hitsAndMissesAreCountedAndAnotherTokenOrTenantIsAMiss() {
        VerifiedTokenCache cache = cache(100, Duration.ofMinutes(5));
        TokenDigest key = TokenDigest.of("t1");
        assertNull(cache.lookup(key, TENANT));
        cache.put(key, TENANT, identityExpiringIn("t1", Duration.ofMinutes(5)));
        assertNotNull(cache.lookup(key, TENANT));
        assertNotNull(cache.lookup(TokenDigest.of("t1"), TENANT));
        assertNull(cache.lookup(TokenDigest.of("t2"), TENANT));
        assertNull(cache.lookup(key, "other-tenant"));
        assertEquals(2.0, counter("token.cache.hits"));
        assertEquals(3.0, counter("token.cache.misses"));
    }

    private double counter(String name) {
        return registry.get(name).counter().count();
    }
}
