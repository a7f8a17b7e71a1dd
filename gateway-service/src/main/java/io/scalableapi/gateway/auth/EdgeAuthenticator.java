package io.scalableapi.gateway.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.util.function.BiConsumer;

/**
 * Validates the bearer token of a request with quarkus-oidc (issuer, audience, signature, expiry, against the JWKS that
 * quarkus-oidc keeps in memory, so a short Keycloak outage does not reject valid tokens). Authentication is lazy (proactive
 * authentication is off) so that the gateway, not the framework, answers failures with problem+json.
 */
@Singleton
public class EdgeAuthenticator {

    private static final BiConsumer<RoutingContext, Throwable> IGNORE_FAILURE = (ctx, failure) -> {
    };

    private final IdentityProviderManager identityProviders;

    EdgeAuthenticator(IdentityProviderManager identityProviders) {
        this.identityProviders = identityProviders;
    }

    /**
     * The caller; fails with {@link InvalidTokenException} when a token was sent and is not valid. No token: anonymous.
     */
    public Uni<Caller> authenticate(RoutingContext ctx) {
        // Quarkus would otherwise answer the failure itself (an empty 401) before our problem+json.
        ctx.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, IGNORE_FAILURE);
        return QuarkusHttpUser.getSecurityIdentity(ctx, identityProviders)
                .onFailure(AuthenticationFailedException.class)
                .transform(e -> new InvalidTokenException())
                .map(identity -> identity == null || identity.isAnonymous()
                        ? Caller.anonymous(identity)
                        : Caller.of(identity));
    }

    /** A token was presented and rejected. */
    public static class InvalidTokenException extends RuntimeException {
        public InvalidTokenException() {
            super("invalid bearer token", null, false, false);
        }
    }
}
