package io.scalableapi.gateway.pipeline;

import io.scalableapi.contracts.errors.ProblemType;
import io.scalableapi.gateway.routing.Route;
import io.vertx.core.Future;
import jakarta.inject.Singleton;

/** Public methods pass; every other method needs an authenticated caller with all of the route's roles. */
@Singleton
public class AuthorizeStep implements Step {

    @Override
    public Future<Exchange> apply(Exchange ex) {
        Route route = ex.route;
        if (route.isPublic(ex.request.method().name())) {
            return Future.succeededFuture(ex);
        }
        if (!ex.caller.authenticated()) {
            return Future.failedFuture(Refusal.of(ProblemType.UNAUTHORIZED, "This endpoint needs a bearer token",
                    "WWW-Authenticate", "Bearer"));
        }
        if (!ex.caller.hasAllRoles(route.roles())) {
            return Future.failedFuture(Refusal.of(ProblemType.FORBIDDEN,
                    "This endpoint needs the role(s) " + route.roles()));
        }
        return Future.succeededFuture(ex);
    }
}
