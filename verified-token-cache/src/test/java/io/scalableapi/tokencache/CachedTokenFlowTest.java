package io.scalableapi.tokencache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.StringPermission;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import java.security.Permission;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/**
 * The provider and the recorder as IdentityProviderManager drives them: provider first; on null the next provider
 * (quarkus-oidc, here the test) verifies; augmentors run only on the identity a provider produced.
 */
class CachedTokenFlowTest {

    private final TestTime time = new TestTime();
    private final VerifiedTokenCache cache = new VerifiedTokenCache(100, Duration.ofMinutes(5), time, time,
            new SimpleMeterRegistry());
    private final CachedTokenIdentityProvider provider = new CachedTokenIdentityProvider(cache, config(true));
    private final VerifiedIdentityRecorder recorder = new VerifiedIdentityRecorder(cache);

    @Test
    void theSecondRequestWithAVerifiedTokenGetsItsIdentityBoundToItself() {
        RoutingContext first = request();
        TokenAuthenticationRequest firstAuth = bearer("tok", first);
        assertNull(provider.authenticate(firstAuth, null).await().indefinitely(), "unknown: left to quarkus-oidc");
        SecurityIdentity verified = Identities.verified("tok", "alice", expIn(300), first, "user", "admin");
        assertSame(verified, recorder.augment(verified, null, firstAuth.getAttributes()).await().indefinitely());

        RoutingContext second = request();
        SecurityIdentity cached = provider.authenticate(bearer("tok", second), null).await().indefinitely();
        assertNotNull(cached);
        assertSame(verified.getPrincipal(), cached.getPrincipal());
        assertEquals("pro", ((JsonWebToken) cached.getPrincipal()).getClaim("plan"));
        assertEquals(Set.of("user", "admin"), cached.getRoles());
        assertEquals("tok", cached.getCredential(AccessTokenCredential.class).getToken());
        assertEquals(verified.getPermissions(), cached.getPermissions());
        assertFalse(cached.getPermissions().isEmpty());
        for (Permission possessed : verified.getPermissions()) {
            assertTrue(cached.checkPermissionBlocking(possessed), possessed.toString());
        }
        assertFalse(cached.checkPermissionBlocking(new StringPermission("products", "write")));
        assertEquals("Default", cached.getAttribute("tenant-id"));
        assertSame(second, cached.getAttribute(RoutingContext.class.getName()), "bound to the presenting request");
        String blocking = AuthenticationRequestContext.class.getName();
        assertSame((Object) second.get(blocking), cached.getAttribute(blocking));
    }

    @Test
    void aTokenThatFailedVerificationIsNeverCached() {
        TokenAuthenticationRequest auth = bearer("forged", request());
        assertNull(provider.authenticate(auth, null).await().indefinitely());
        // quarkus-oidc rejects it: the manager fails the request and runs no augmentor. Next time: still unknown.
        assertNull(provider.authenticate(bearer("forged", request()), null).await().indefinitely());
        assertEquals(0, cache.size());
    }

    @Test
    void anIdentityOfAnotherTokenIsNotRecordedUnderThisOne() {
        TokenAuthenticationRequest auth = bearer("tok", request());
        provider.authenticate(auth, null).await().indefinitely();
        SecurityIdentity other = Identities.verified("other", "bob", expIn(300), request(), "user");
        recorder.augment(other, null, auth.getAttributes()).await().indefinitely();
        assertEquals(0, cache.size());
    }

    @Test
    void senderConstrainedTokensAndADisabledCacheAlwaysGoToQuarkusOidc() {
        SecurityIdentity verified = Identities.verified("tok", "alice", expIn(300), request(), "user");
        cache.put(TokenDigest.of("tok"), "Default", RequestBinding.detach(verified));

        Map<String, Object> dpop = new HashMap<>(Map.of("tenant-id", "Default", "dpop_proof", "proof"));
        TokenAuthenticationRequest withProof = bearer("tok", Identities.request(dpop));
        assertNull(provider.authenticate(withProof, null).await().indefinitely());
        assertNull(withProof.getAttribute(PendingVerification.ATTRIBUTE), "and is not recorded either");

        CachedTokenIdentityProvider off = new CachedTokenIdentityProvider(cache, config(false));
        TokenAuthenticationRequest auth = bearer("tok", request());
        assertNull(off.authenticate(auth, null).await().indefinitely());
        assertNull(auth.getAttribute(PendingVerification.ATTRIBUTE));
        assertNotNull(provider.authenticate(bearer("tok", request()), null).await().indefinitely());
    }

    @Test
    void theCachedIdentityDoesNotKeepTheVerifyingRequest() {
        RoutingContext first = request();
        SecurityIdentity detached = RequestBinding.detach(
                Identities.verified("tok", "alice", expIn(300), first, "user"));
        assertNull(detached.getAttribute(RoutingContext.class.getName()));
        assertFalse(detached.getAttributes().containsValue(first));
    }

    @Test
    void theProviderRunsBeforeQuarkusOidcs() {
        // OidcIdentityProvider keeps IdentityProvider's default priority; the manager asks higher priorities first.
        int oidcDefault = new IdentityProvider<TokenAuthenticationRequest>() {
            @Override
            public Class<TokenAuthenticationRequest> getRequestType() {
                return TokenAuthenticationRequest.class;
            }

            @Override
            public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest r,
                    AuthenticationRequestContext c) {
                return null;
            }
        }.priority();
        assertTrue(provider.priority() > oidcDefault);
    }

    private long expIn(long seconds) {
        return time.epochSecond() + seconds;
    }

    private static RoutingContext request() {
        return Identities.request(Map.of("tenant-id", "Default",
                AuthenticationRequestContext.class.getName(), new Object()));
    }

    private static TokenAuthenticationRequest bearer(String token, RoutingContext http) {
        TokenAuthenticationRequest request = new TokenAuthenticationRequest(new AccessTokenCredential(token));
        return (TokenAuthenticationRequest) HttpSecurityUtils.setRoutingContextAttribute(request, http);
    }

    private static TokenCacheConfig config(boolean enabled) {
        return new TokenCacheConfig() {
            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public int maximumSize() {
                return 100;
            }

            @Override
            public Duration maxTtl() {
                return Duration.ofMinutes(5);
            }
        };
    }
}
