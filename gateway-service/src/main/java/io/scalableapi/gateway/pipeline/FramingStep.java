package io.scalableapi.gateway.pipeline;

import io.scalableapi.contracts.errors.ProblemType;
import io.scalableapi.gateway.config.GatewayConfig;
import io.scalableapi.gateway.proxy.RequestFraming;
import io.scalableapi.gateway.routing.PathGuard;
import io.vertx.core.Future;
import jakarta.inject.Singleton;

/**
 * Refuses requests a hop behind the gateway could read differently (see {@link RequestFraming}), request targets longer
 * than a service's request line takes, and unroutable paths.
 */
@Singleton
public class FramingStep implements Step {

    private final long maxHeaderBytes;
    private final int maxTargetLength;

    FramingStep(GatewayConfig config) {
        this.maxHeaderBytes = config.limits().maxHeaderSize().asLongValue();
        this.maxTargetLength = config.limits().maxRequestTargetLength();
    }

    @Override
    public Future<Exchange> apply(Exchange ex) {
        RequestFraming.Refusal refusal = RequestFraming.check(ex.request.headers(), maxHeaderBytes);
        if (refusal != null) {
            return Future.failedFuture(Refusal.closing(refusal.type(), refusal.detail()));
        }
        if (ex.request.uri().length() > maxTargetLength) {
            return Future.failedFuture(Refusal.of(ProblemType.URI_TOO_LONG,
                    "The request target (path and query) is longer than " + maxTargetLength + " characters"));
        }
        if (!PathGuard.isAcceptable(ex.request.path())) {
            return Future.failedFuture(Refusal.of(ProblemType.NOT_FOUND, "No route for this path"));
        }
        return Future.succeededFuture(ex);
    }
}
