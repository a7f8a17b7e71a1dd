package io.scalableapi.gateway.pipeline;

import io.scalableapi.contracts.errors.ProblemType;
import io.scalableapi.gateway.problem.ProblemResponses;
import io.scalableapi.gateway.proxy.CorrelationId;
import io.scalableapi.gateway.proxy.RequestTimers;
import io.scalableapi.gateway.tracing.EdgeTracing;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The gateway's request path once admitted (AdmissionGate): the steps in the order a request meets them. Each step either passes the
 * exchange on or refuses it; a refusal is answered here as problem+json, so no upstream is called for a refused request
 * and no step writes an error response of its own.
 */
@Singleton
public class RequestPipeline {

    private static final Logger LOG = Logger.getLogger(RequestPipeline.class);

    private final ProblemResponses problems;
    private final RequestTimers timers;
    private final EdgeTracing tracing;
    private final Step[] steps;

    RequestPipeline(ProblemResponses problems, RequestTimers timers, EdgeTracing tracing, FramingStep framing,
            MethodStep method, RouteStep route, AuthenticateStep authenticate, AuthorizeStep authorize, LimitStep limit, ForwardStep forward,
            RelayStep relay) {
        this.problems = problems;
        this.timers = timers;
        this.tracing = tracing;
        this.steps = List.of(framing, method, route, authenticate, authorize, limit, forward, relay).toArray(Step[]::new);
    }

    public void handle(RoutingContext ctx) {
        String correlationId = CorrelationId.of(ctx);
        ctx.response().putHeader(CorrelationId.HEADER, correlationId);
        // Nothing of the body is read until an upstream is ready to take it.
        ctx.request().pause();
        // Sampling is decided here, once: an unsampled request gets a non-recording span and costs no span data.
        Exchange ex = new Exchange(ctx, correlationId, tracing.serverSpan(ctx.request(), correlationId));
        long start = System.nanoTime();
        boolean[] ended = {false};
        ctx.addEndHandler(done -> {
            if (ended[0]) {
                return;
            }
            ended[0] = true;
            int status = ctx.response().getStatusCode();
            if (ex.route != null) {
                timers.timer(ex.route, ex.request.method(), status).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
            EdgeTracing.end(ex.span, status);
        });
        run(ex, 0);
    }

    /** Runs the steps from {@code index}: completed steps in a loop on this call stack, waiting ones resume it later. */
    private void run(Exchange ex, int index) {
        for (int i = index; i < steps.length; i++) {
            Future<Exchange> outcome;
            try {
                outcome = steps[i].apply(ex);
            } catch (RuntimeException e) {
                outcome = Future.failedFuture(e);
            }
            if (!outcome.isComplete()) {
                int next = i + 1;
                outcome.onComplete(done -> {
                    if (done.succeeded()) {
                        run(ex, next);
                    } else {
                        refuse(ex, done.cause());
                    }
                });
                return;
            }
            if (outcome.failed()) {
                refuse(ex, outcome.cause());
                return;
            }
        }
    }

    private void refuse(Exchange ex, Throwable failure) {
        RoutingContext ctx = ex.ctx;
        if (!(failure instanceof Refusal refusal)) {
            ex.span.recordException(failure);
            // The trace and span ids go into this line's MDC: attached for the one call, and closed on this thread
            // before anything else runs on the event loop.
            try (Scope ignored = Context.root().with(ex.span).makeCurrent()) {
                LOG.errorf(failure, "request failed in the gateway [%s]", ex.correlationId);
            }
            problems.send(ctx, ProblemType.INTERNAL, "The gateway failed to handle this request");
            return;
        }
        if (refusal.header() != null) {
            ctx.response().putHeader(refusal.header(), refusal.headerValue());
        }
        if (refusal.closeConnection()) {
            ctx.response().putHeader("Connection", "close");
            ctx.addEndHandler(done -> ex.request.connection().close());
        }
        problems.send(ctx, refusal.type(), refusal.detail());
    }
}
