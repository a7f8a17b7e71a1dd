package io.scalableapi.tokencache;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.common.runtime.OidcConstants;
import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Answers a bearer token's identity from the cache of verified tokens; answers null otherwise, which makes Quarkus'
 * IdentityProviderManager ask the next provider for the request type, quarkus-oidc's, which verifies the token as it
 * always did (and {@link VerifiedIdentityRecorder} caches the result). Both the gateway's lazy authentication and the
 * services' proactive one reach this through OIDC's bearer mechanism, which hands every token to the manager.
 */
@ApplicationScoped
public class CachedTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    // The manager asks providers in descending priority; quarkus-oidc's keeps the default, SYSTEM_FIRST + 1.
    static final int PRIORITY = 2 * SYSTEM_FIRST;

    private static final Uni<SecurityIdentity> NOT_CACHED = Uni.createFrom().nullItem();

    private final VerifiedTokenCache cache;
    private final boolean enabled;

    CachedTokenIdentityProvider(VerifiedTokenCache cache, TokenCacheConfig config) {
        this.cache = cache;
        this.enabled = config.enabled();
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        // Only access tokens from a request (OIDC's ID tokens of the code flow have a session of their own).
        if (!enabled || !(request.getToken() instanceof AccessTokenCredential credential)) {
            return NOT_CACHED;
        }
        RoutingContext http = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (http == null || proofOfPossessionRequired(http)) {
            return NOT_CACHED;
        }
        String token = credential.getToken();
        TokenDigest digest = TokenDigest.of(token);
        String tenantId = http.get(OidcUtils.TENANT_ID_ATTRIBUTE);
        SecurityIdentity verified = cache.lookup(digest, tenantId);
        if (verified != null) {
            return Uni.createFrom().item(RequestBinding.attach(verified, http));
        }
        request.setAttribute(PendingVerification.ATTRIBUTE, new PendingVerification(digest, tenantId, token));
        return NOT_CACHED;
    }

    /**
     * Sender-constrained tokens (DPoP, mTLS-bound) are verified together with a proof that belongs to each request
     * (OIDC's bearer mechanism leaves it in the RoutingContext): a cached identity would skip that proof.
     */
    private static boolean proofOfPossessionRequired(RoutingContext http) {
        return http.get(OidcUtils.DPOP_PROOF) != null || http.get(OidcConstants.X509_SHA256_THUMBPRINT) != null;
    }
}
