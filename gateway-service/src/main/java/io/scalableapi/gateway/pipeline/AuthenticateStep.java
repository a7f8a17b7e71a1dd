package io.scalableapi.gateway.pipeline;

import io.scalableapi.contracts.errors.ProblemType;
import io.scalableapi.gateway.auth.Caller;
import io.scalableapi.gateway.auth.EdgeAuthenticator;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Who is calling. A request without an Authorization header is anonymous without asking the security stack (the gateway
 * accepts bearer tokens only, so there is nothing for it to find); a token is validated by quarkus-oidc.
 */
@ApplicationScoped
public class AuthenticateStep implements Step {

    private static final Logger LOG = Logger.getLogger(AuthenticateStep.class);
    private static final String INVALID_TOKEN =
            "Bearer error=\"invalid_token\", error_description=\"The access token is not valid\"";

    private final EdgeAuthenticator authenticator;

    AuthenticateStep(EdgeAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public Future<Exchange> apply(Exchange ex) {
        if (ex.request.getHeader("Authorization") == null) {
            ex.caller = Caller.anonymous(null, ex.client);
            return Future.succeededFuture(ex);
        }
        Promise<Exchange> result = Promise.promise();
        authenticator.authenticate(ex.ctx, ex.client).subscribe().with(
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
