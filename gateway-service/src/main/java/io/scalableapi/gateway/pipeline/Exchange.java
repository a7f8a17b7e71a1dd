package io.scalableapi.gateway.pipeline;

import io.opentelemetry.api.trace.Span;
import io.scalableapi.gateway.auth.Caller;
import io.scalableapi.gateway.proxy.UpstreamStatusException;
import io.scalableapi.gateway.routing.Route;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * One request on its way through the pipeline: what each step found out, for the steps after it. Lives on the request's
 * event loop; no step touches it from another thread (asynchronous results come back on the request's context).
 */
public final class Exchange {

    final RoutingContext ctx;
    final HttpServerRequest request;
    final String correlationId;
    /**
     * The request's server span (EdgeTracing), non-recording when the request is not sampled. Passed explicitly to
     * what needs it, never made current on the event loop.
     */
    final Span span;
    /** Socket peer, whether it is a trusted proxy, and the client address the gateway believes (ClientAddressResolver). */
    String peer;
    boolean peerTrusted;
    String client;
    Route route;
    Caller caller;
    /** Whether the client sent a body (declared by Content-Length > 0 or chunked). */
    boolean hasBody;
    HttpClientResponse upstreamResponse;
    /** The upstream's own failed answer (502, 504, 503 without Retry-After) once no retry is left; passed on as it is. */
    UpstreamStatusException upstreamAnswer;

    Exchange(RoutingContext ctx, String correlationId, Span span) {
        this.ctx = ctx;
        this.request = ctx.request();
        this.correlationId = correlationId;
        this.span = span;
    }
}
