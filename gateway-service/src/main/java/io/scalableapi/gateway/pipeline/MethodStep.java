package io.scalableapi.gateway.pipeline;

import io.scalableapi.contracts.errors.ProblemType;
import io.scalableapi.gateway.proxy.ForwardedMethods;
import io.vertx.core.Future;
import jakarta.inject.Singleton;

/**
 * Refuses, before routing, a method the gateway does not forward ({@link ForwardedMethods}): 405 problem+json with the
 * methods it does forward in Allow. Before this step any token a client wrote as its method reached the routes' checks
 * (where {@code get} passed as public GET), the request meters and, with a token, the upstream.
 */
@Singleton
public class MethodStep implements Step {

    @Override
    public Future<Exchange> apply(Exchange ex) {
        if (ForwardedMethods.indexOf(ex.request.method()) < 0) {
            return Future.failedFuture(Refusal.of(ProblemType.METHOD_NOT_ALLOWED,
                    "The gateway forwards only the methods " + ForwardedMethods.ALLOW, "Allow", ForwardedMethods.ALLOW));
        }
        return Future.succeededFuture(ex);
    }
}
