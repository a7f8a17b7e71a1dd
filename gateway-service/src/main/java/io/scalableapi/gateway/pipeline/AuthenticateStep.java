package io.scalableapi.gateway.pipeline;

import io.scalableapi.contracts.errors.ProblemType;
import io.scalableapi.gateway.auth.Caller;
import io.scalableapi.gateway.auth.EdgeAuthenticator;
import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.security.identity.SecurityIdentity;
import io.scalableapi.tokencache.TokenCacheConfig;
import io.scalableapi.tokencache.TokenDigest;
import io.scalableapi.tokencache.VerifiedTokenCache;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Who is calling. A request without an Authorization header is anonymous without asking the security stack (the gateway
 * accepts bearer tokens only, so there is nothing for it to find). A bearer token quarkus-oidc has already verified is
 * answered from the verified-token cache by its digest, also without the stack (the same lookup the stack's own cached
 * provider makes, minus its reactive plumbing); any other token is validated by quarkus-oidc.
 */
@Singleton
public class AuthenticateStep implements Step {

    private static final Logger LOG = Logger.getLogger(AuthenticateStep.class);
    private static final String INVALID_TOKEN =
            "Bearer error=\"invalid_token\", error_description=\"The access token is not valid\"";

    private static final String BEARER = "Bearer ";

    private final EdgeAuthenticator authenticator;
    private final VerifiedTokenCache verified;
    private final boolean cacheEnabled;

    AuthenticateStep(EdgeAuthenticator authenticator, VerifiedTokenCache verified, TokenCacheConfig tokenCache) {
        this.authenticator = authenticator;
        this.verified = verified;
        this.cacheEnabled = tokenCache.enabled();
    }

    @Override
    public Future<Exchange> apply(Exchange ex) {
        String authorization = ex.request.getHeader("Authorization");
        if (authorization == null) {
            ex.caller = Caller.anonymous(null);
            return Future.succeededFuture(ex);
        }
        if (cacheEnabled && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            SecurityIdentity identity = verified.peek(TokenDigest.of(authorization.substring(BEARER.length()).trim()),
                    OidcUtils.DEFAULT_TENANT_ID);
            if (identity != null) {
                ex.caller = Caller.of(identity);
                return Future.succeededFuture(ex);
            }
        }
        Promise<Exchange> result = Promise.promise();
        authenticator.authenticate(ex.ctx).subscribe().with(
                caller -> {
                    ex.caller = caller;
                    result.complete(ex);
                },
                failure -> {
                    if (failure instanceof EdgeAuthenticator.InvalidTokenException) {
                        result.fail(Refusal.of(ProblemType.UNAUTHORIZED, "The bearer token is not valid",
                                "WWW-Authenticate", INVALID_TOKEN));
                    } else {
                        LOG.warnf(failure, "authentication could not complete [%s]", ex.correlationId);
                        result.fail(Refusal.of(ProblemType.SERVICE_UNAVAILABLE, "Authentication is unavailable"));
                    }
                });
        return result.future();
    }
}
