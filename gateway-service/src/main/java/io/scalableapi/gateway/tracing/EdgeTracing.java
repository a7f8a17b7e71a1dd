package io.scalableapi.gateway.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.scalableapi.gateway.proxy.UpstreamStatusException;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * The gateway's spans: one SERVER span per API request and one CLIENT span per upstream attempt (a retry is a span of
 * its own), whose W3C context is what goes upstream. This is the only source of the {@code traceparent} the services
 * see; the client's own is read here (its trace is continued) and never copied through.
 *
 * <p>No span is ever made current: the request path runs on a Vert.x event loop shared by many requests, and a
 * context left attached there (an unclosed Scope) would become the parent of whatever request runs next on that loop.
 * Parents are passed explicitly ({@code Context.root().with(span)}), headers are injected from that context, and spans
 * are ended from completion callbacks. Quarkus' automatic Vert.x HTTP tracing is off in the gateway
 * ({@code quarkus.otel.instrument.vertx-http=false}) and the upstream clients ignore the Vert.x tracer, so there is
 * one mechanism, this one.
 *
 * <p>Cost: sampling is decided when the server span starts ({@link BudgetedSampler}: the ratio, then at most
 * {@code gateway.tracing.max-traces-per-second}); an unsampled request gets a non-recording span, no attribute is set on
 * it, no client span is built, nothing is exported, and only its {@code traceparent} is formatted for the upstream, as
 * the gateway did before tracing.
 */
@Singleton
public class EdgeTracing {

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<MultiMap> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(MultiMap carrier) {
            return List.of("traceparent", "tracestate");
        }

        @Override
        public String get(MultiMap carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };
    private static final TextMapSetter<MultiMap> SETTER = (carrier, key, value) -> carrier.set(key, value);

    private final Tracer tracer;

    EdgeTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Starts the request's server span, continuing the client's W3C trace context when it sent a valid one. */
    public Span serverSpan(HttpServerRequest request, String correlationId) {
        MultiMap headers = request.headers();
        Context parent = headers.contains("traceparent") ? W3C.extract(Context.root(), headers, GETTER) : Context.root();
        Span span = tracer.spanBuilder(request.method().name()).setSpanKind(SpanKind.SERVER).setParent(parent)
                .startSpan();
        if (span.isRecording()) {
            span.setAttribute("http.request.method", request.method().name());
            span.setAttribute("url.path", request.path());
            span.setAttribute("url.scheme", request.scheme());
            span.setAttribute("request.id", correlationId);
        }
        return span;
    }

    /** Names the server span after the route once it is known (span names must stay few: route, not path). */
    public static void routed(Span server, String method, String route) {
        if (server.isRecording()) {
            server.updateName(method + " " + route);
            server.setAttribute("http.route", route);
        }
    }

    /** Ends the server span with the status the client got. */
    public static void end(Span server, int status) {
        if (server.isRecording()) {
            server.setAttribute("http.response.status_code", status);
            if (status >= 500) {
                server.setStatus(StatusCode.ERROR);
            }
        }
        server.end();
    }

    /**
     * Starts the client span of one attempt at an upstream, a child of the request's server span, and writes its W3C
     * context into {@code upstreamHeaders}, replacing the previous attempt's: attempts run one after another, and an
     * attempt's headers are copied into its request when it is created, before it can fail and be retried.
     */
    public Span attempt(Span server, String upstream, URI base, String method, int attempt, MultiMap upstreamHeaders) {
        Context context = Context.root().with(server);
        if (!server.isRecording()) {
            // Unrecorded: the upstream only needs the decision (flag 00) and the trace id, which the server span holds;
            // a client span would be one more id drawn and object built per request for nothing.
            W3C.inject(context, upstreamHeaders, SETTER);
            return Span.getInvalid();
        }
        Span span = tracer.spanBuilder(method + " " + upstream).setSpanKind(SpanKind.CLIENT).setParent(context)
                .startSpan();
        if (span.isRecording()) {
            span.setAttribute("http.request.method", method);
            span.setAttribute("server.address", base.getHost());
            span.setAttribute("server.port", base.getPort());
            span.setAttribute("peer.service", upstream);
            if (attempt > 0) {
                span.setAttribute("http.request.resend_count", attempt);
            }
        }
        W3C.inject(context.with(span), upstreamHeaders, SETTER);
        return span;
    }

    /** Ends an attempt's span with what the upstream answered, or how the attempt failed. */
    public static void attemptDone(Span span, HttpClientResponse response, Throwable failure) {
        if (span.isRecording()) {
            Throwable cause = failure;
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (response != null) {
                span.setAttribute("http.response.status_code", response.statusCode());
                if (response.statusCode() >= 500) {
                    span.setStatus(StatusCode.ERROR);
                }
            } else if (cause instanceof UpstreamStatusException answer) {
                span.setAttribute("http.response.status_code", answer.status());
                span.setStatus(StatusCode.ERROR);
            } else if (cause != null) {
                span.setAttribute("error.type", cause.getClass().getName());
                span.setStatus(StatusCode.ERROR, String.valueOf(cause.getMessage()));
            }
        }
        span.end();
    }
}
