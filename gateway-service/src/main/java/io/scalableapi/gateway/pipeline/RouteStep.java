package io.scalableapi.gateway.pipeline;

import io.scalableapi.contracts.errors.ProblemType;
import io.scalableapi.gateway.proxy.ClientAddressResolver;
import io.scalableapi.gateway.routing.Route;
import io.scalableapi.gateway.routing.RouteTable;
import io.scalableapi.gateway.tracing.EdgeTracing;
import io.vertx.core.Future;
import jakarta.inject.Singleton;

/**
 * Finds the route (longest prefix), refuses a declared body larger than the route takes, and settles who the client is
 * (the rate limiter and the forwarding headers need it).
 */
@Singleton
public class RouteStep implements Step {

    private final RouteTable routes;
    private final ClientAddressResolver addresses;

    RouteStep(RouteTable routes, ClientAddressResolver addresses) {
        this.routes = routes;
        this.addresses = addresses;
    }

    @Override
    public Future<Exchange> apply(Exchange ex) {
        Route route = routes.match(ex.ctx.normalizedPath()).orElse(null);
        if (route == null) {
            return Future.failedFuture(Refusal.of(ProblemType.NOT_FOUND, "No route for this path"));
        }
        ex.route = route;
        EdgeTracing.routed(ex.span, ex.request.method().name(), route.name());
        long declared = declaredLength(ex.request.getHeader("Content-Length"));
        long maxBody = route.maxBodyBytes();
        if (declared > maxBody) {
            return Future.failedFuture(Refusal.of(ProblemType.PAYLOAD_TOO_LARGE,
                    "The request body exceeds " + maxBody + " bytes"));
        }
        ex.hasBody = declared > 0 || ex.request.getHeader("Transfer-Encoding") != null;
        ex.peer = ex.request.remoteAddress().hostAddress();
        ex.peerTrusted = addresses.isTrusted(ex.peer);
        ex.client = ex.peerTrusted ? addresses.clientAddress(ex.peer, ex.request.headers().getAll("X-Forwarded-For"))
                : ex.peer;
        return Future.succeededFuture(ex);
    }

    /** The declared body length; 0 when none is declared. FramingStep has already refused anything but one number. */
    static long declaredLength(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
