package io.scalableapi.gateway.pipeline;

import io.scalableapi.contracts.errors.ProblemType;
import io.scalableapi.gateway.proxy.HeaderPolicy;
import io.scalableapi.gateway.proxy.Upstream;
import io.scalableapi.gateway.proxy.UpstreamCall;
import io.scalableapi.gateway.proxy.UpstreamRegistry;
import io.scalableapi.gateway.proxy.UpstreamStatusException;
import io.scalableapi.gateway.routing.Route;
import io.scalableapi.gateway.tracing.EdgeTracing;
import io.opentelemetry.api.trace.Span;
import io.smallrye.faulttolerance.api.Guard;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import jakarta.enterprise.util.TypeLiteral;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/**
 * Calls the route's upstream behind the route's guards (circuit breaker, bulkhead, timeout) and, for idempotent requests
 * without a body, its retry. Completes once the upstream's response headers are in ({@link Exchange#upstreamResponse}), or
 * with the upstream's own failed answer for the relay to pass on; what went wrong on the way is a refusal.
 */
@Singleton
public class ForwardStep implements Step {

    private static final Logger LOG = Logger.getLogger(ForwardStep.class);
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.PUT, HttpMethod.DELETE);
    private static final TypeLiteral<CompletionStage<HttpClientResponse>> RESPONSE = new TypeLiteral<>() {
    };

    private final UpstreamRegistry upstreams;
    private final HeaderPolicy headers;
    private final EdgeTracing tracing;

    ForwardStep(UpstreamRegistry upstreams, HeaderPolicy headers, EdgeTracing tracing) {
        this.upstreams = upstreams;
        this.headers = headers;
        this.tracing = tracing;
    }

    @Override
    public Future<Exchange> apply(Exchange ex) {
        HttpServerRequest request = ex.request;
        Route route = ex.route;
        Upstream upstream = upstreams.upstream(route.upstream());
        var fwd = new HeaderPolicy.Forwarding(ex.client, ex.peer, ex.peerTrusted, request.scheme(),
                request.authority() == null ? null : request.authority().toString(), ex.correlationId);
        MultiMap upstreamHeaders = headers.upstreamRequestHeaders(request.headers(), fwd);
        String query = request.query();
        String pathAndQuery = query == null ? ex.ctx.normalizedPath() : ex.ctx.normalizedPath() + "?" + query;
        // A route may shorten its upstream's timeout, never lengthen it (the upstream's guard would cut it anyway).
        long timeout = Math.min(route.timeoutMillis(upstream.config().timeout()), upstream.config().timeout().toMillis());
        long maxBody = route.maxBodyBytes();
        HttpServerRequest body = ex.hasBody ? request : null;
        HttpMethod method = request.method();

        Guard guard = upstreams.guard(route.name());
        Span server = ex.span;
        String methodName = method.name();
        int[] attempts = {0};
        // Each attempt the guard lets through is a client span of its own, and its context is the traceparent that
        // goes upstream. A call the circuit breaker or the bulkhead refuses never reaches the supplier: no attempt.
        Supplier<CompletionStage<HttpClientResponse>> attempt = () -> guard.get(() -> {
            URI base = upstream.nextBase();
            Span span = tracing.attempt(server, upstream.name(), base, methodName, attempts[0]++, upstreamHeaders);
            CompletionStage<HttpClientResponse> sent = UpstreamCall.send(upstream, base, method, pathAndQuery,
                    upstreamHeaders, body, maxBody, timeout);
            // A listener, not a stage in between: the guard must see the attempt's own outcome, unwrapped.
            sent.whenComplete((response, failure) -> EdgeTracing.attemptDone(span, response, failure));
            return sent;
        }, RESPONSE);
        // A streamed body cannot be sent twice, and a non-idempotent request must never be: those get one attempt.
        Guard retry = upstreams.retryGuard(route.name());
        CompletionStage<HttpClientResponse> response;
        try {
            response = retry != null && body == null && IDEMPOTENT.contains(method) ? retry.get(attempt, RESPONSE)
                    : attempt.get();
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        }
        return Future.fromCompletionStage(response, Vertx.currentContext()).transform(done -> {
            if (done.succeeded()) {
                ex.upstreamResponse = done.result();
                return Future.succeededFuture(ex);
            }
            Throwable failure = unwrap(done.cause());
            if (failure instanceof UpstreamStatusException answer) {
                ex.upstreamAnswer = answer;
                return Future.succeededFuture(ex);
            }
            return Future.failedFuture(refusal(ex, upstream, failure));
        });
    }

    private static Refusal refusal(Exchange ex, Upstream upstream, Throwable failure) {
        if (failure instanceof CircuitBreakerOpenException) {
            return Refusal.of(ProblemType.SERVICE_UNAVAILABLE,
                    "The " + upstream.name() + " service is failing on this route; calls to it are paused", "Retry-After",
                    Long.toString(Math.max(1, upstream.config().circuitBreaker().delay().toSeconds())));
        }
        if (failure instanceof BulkheadException) {
            return Refusal.of(ProblemType.SERVICE_UNAVAILABLE, "The " + upstream.name() + " service is at capacity",
                    "Retry-After", "1");
        }
        if (failure instanceof UpstreamCall.BodyTooLargeException) {
            return Refusal.of(ProblemType.PAYLOAD_TOO_LARGE, "The request body is too large");
        }
        if (failure instanceof TimeoutException
                || failure instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException
                || failure.getClass().getSimpleName().contains("Timeout")) {
            return Refusal.of(ProblemType.GATEWAY_TIMEOUT, "The " + upstream.name() + " service did not answer in time");
        }
        LOG.debugf("upstream %s failed [%s]: %s", upstream.name(), ex.correlationId, failure);
        return Refusal.of(ProblemType.BAD_GATEWAY, "The " + upstream.name() + " service could not be reached");
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
