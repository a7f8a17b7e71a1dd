package io.scalableapi.gateway.proxy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.scalableapi.contracts.errors.ProblemType;
import io.scalableapi.gateway.auth.Caller;
import io.scalableapi.gateway.auth.EdgeAuthenticator;
import io.scalableapi.gateway.config.GatewayConfig;
import io.scalableapi.gateway.problem.ProblemResponses;
import io.scalableapi.gateway.ratelimit.Decision;
import io.scalableapi.gateway.ratelimit.RateLimitHeaders;
import io.scalableapi.gateway.ratelimit.RateLimitPolicies;
import io.scalableapi.gateway.ratelimit.RateLimitPolicies.Policy;
import io.scalableapi.gateway.ratelimit.RateLimiter;
import io.scalableapi.gateway.ratelimit.Tier;
import io.scalableapi.gateway.routing.PathGuard;
import io.scalableapi.gateway.routing.Route;
import io.scalableapi.gateway.routing.RouteTable;
import io.smallrye.faulttolerance.api.Guard;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/**
 * The request pipeline of the gateway, in the order a request meets it: path check and route, body size, authentication and
 * roles, rate limit, then the upstream call behind its guards, streamed back to the client. Every step that refuses a
 * request answers problem+json before any upstream is called.
 */
@ApplicationScoped
public class ProxyHandler {

    private static final Logger LOG = Logger.getLogger(ProxyHandler.class);
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.PUT, HttpMethod.DELETE);
    private static final TypeLiteral<CompletionStage<HttpClientResponse>> RESPONSE = new TypeLiteral<>() {
    };

    private final RouteTable routes;
    private final UpstreamRegistry upstreams;
    private final EdgeAuthenticator authenticator;
    private final RateLimitPolicies policies;
    private final RateLimiter limiter;
    private final ClientAddressResolver addresses;
    private final HeaderPolicy headers;
    private final ProblemResponses problems;
    private final MeterRegistry registry;
    private final RequestTimers timers;
    private final long maxHeaderBytes;

    ProxyHandler(RouteTable routes, UpstreamRegistry upstreams, EdgeAuthenticator authenticator, RateLimitPolicies policies,
            RateLimiter limiter, ClientAddressResolver addresses, HeaderPolicy headers, ProblemResponses problems,
            MeterRegistry registry, RequestTimers timers, GatewayConfig config) {
        this.routes = routes;
        this.upstreams = upstreams;
        this.authenticator = authenticator;
        this.policies = policies;
        this.limiter = limiter;
        this.addresses = addresses;
        this.headers = headers;
        this.problems = problems;
        this.registry = registry;
        this.timers = timers;
        this.maxHeaderBytes = config.limits().maxHeaderSize().asLongValue();
    }

    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        // Nothing of the body is read until an upstream is ready to take it.
        request.pause();
        String correlationId = CorrelationId.of(ctx);
        ctx.response().putHeader(CorrelationId.HEADER, correlationId);
        RequestFraming.Refusal refusal = RequestFraming.check(request.headers(), maxHeaderBytes);
        if (refusal != null) {
            // The bytes after this request cannot be trusted to be the next one: answer, then close the connection.
            ctx.response().putHeader("Connection", "close");
            ctx.addEndHandler(done -> request.connection().close());
            problems.send(ctx, refusal.type(), refusal.detail());
            return;
        }
        if (!PathGuard.isAcceptable(request.path())) {
            problems.send(ctx, ProblemType.NOT_FOUND, "No route for this path");
            return;
        }
        Route route = routes.match(ctx.normalizedPath()).orElse(null);
        if (route == null) {
            problems.send(ctx, ProblemType.NOT_FOUND, "No route for this path");
            return;
        }
        Timer.Sample sample = Timer.start(registry);
        ctx.addEndHandler(done -> sample.stop(timers.timer(route, request.method().name(),
                ctx.response().getStatusCode())));
        long maxBody = route.config().maxBodySize().asLongValue();
        String length = request.getHeader("Content-Length");
        if (length != null && parseLength(length) > maxBody) {
            problems.send(ctx, ProblemType.PAYLOAD_TOO_LARGE, "The request body exceeds " + maxBody + " bytes");
            return;
        }
        String peer = request.remoteAddress().hostAddress();
        String client = addresses.clientAddress(peer, request.headers().getAll("X-Forwarded-For"));
        Context context = Vertx.currentContext();
        authenticator.authenticate(ctx, client).subscribe().with(
                caller -> onContext(context, () -> authorize(ctx, route, caller, peer, client)),
                failure -> onContext(context, () -> {
                    if (failure instanceof EdgeAuthenticator.InvalidTokenException) {
                        ctx.response().putHeader("WWW-Authenticate",
                                "Bearer error=\"invalid_token\", error_description=\"The access token is not valid\"");
                        problems.send(ctx, ProblemType.UNAUTHORIZED, "The bearer token is not valid");
                    } else {
                        LOG.warnf(failure, "authentication could not complete [%s]", correlationId);
                        problems.send(ctx, ProblemType.SERVICE_UNAVAILABLE, "Authentication is unavailable");
                    }
                }));
    }

    private void authorize(RoutingContext ctx, Route route, Caller caller, String peer, String client) {
        if (!route.isPublic(ctx.request().method().name())) {
            if (!caller.authenticated()) {
                ctx.response().putHeader("WWW-Authenticate", "Bearer");
                problems.send(ctx, ProblemType.UNAUTHORIZED, "This endpoint needs a bearer token");
                return;
            }
            if (!caller.hasAllRoles(route.roles())) {
                problems.send(ctx, ProblemType.FORBIDDEN, "This endpoint needs the role(s) " + route.roles());
                return;
            }
        }
        if (route.config().rateLimitPolicy().isEmpty()) {
            forward(ctx, route, peer, client);
            return;
        }
        Policy policy = policies.get(route.config().rateLimitPolicy().get());
        Tier tier = policy.tierFor(caller.authenticated(), caller.authenticated() ? caller.claim(policy.tierClaim()) : null);
        Context context = Vertx.currentContext();
        limiter.decide(policy, tier, caller.rateLimitKey()).whenComplete((decision, failure) -> onContext(context, () -> {
            RateLimitHeaders.apply(ctx.response().headers(), decision);
            if (decision.allowed()) {
                forward(ctx, route, peer, client);
            } else if (decision.outcome() == Decision.Outcome.FAIL_CLOSED) {
                problems.send(ctx, ProblemType.SERVICE_UNAVAILABLE,
                        "Rate limiting is unavailable and this endpoint does not pass requests without it");
            } else {
                problems.send(ctx, ProblemType.RATE_LIMITED,
                        "Limit of " + tier.limit() + " requests per " + tier.windowMillis() / 1000 + " s reached");
            }
        }));
    }

    private void forward(RoutingContext ctx, Route route, String peer, String client) {
        HttpServerRequest request = ctx.request();
        Upstream upstream = upstreams.upstream(route.upstream());
        var fwd = new HeaderPolicy.Forwarding(client, peer, addresses.isTrusted(peer), request.scheme(),
                request.authority() == null ? null : request.authority().toString(), CorrelationId.of(ctx));
        var upstreamHeaders = headers.upstreamRequestHeaders(request.headers(), fwd);
        boolean hasBody = request.getHeader("Content-Length") != null && parseLength(request.getHeader("Content-Length")) > 0
                || request.getHeader("Transfer-Encoding") != null;
        String pathAndQuery = ctx.normalizedPath() + (request.query() == null ? "" : "?" + request.query());
        // A route may shorten its upstream's timeout, never lengthen it (the upstream's guard would cut it anyway).
        long timeout = Math.min(route.config().timeout().orElse(upstream.config().timeout()).toMillis(),
                upstream.config().timeout().toMillis());
        long maxBody = route.config().maxBodySize().asLongValue();
        HttpServerRequest body = hasBody ? request : null;

        Guard upstreamGuard = upstreams.guard(route.name());
        java.util.function.Supplier<CompletionStage<HttpClientResponse>> attempt = () -> upstreamGuard.get(
                () -> UpstreamCall.send(upstream, request.method(), pathAndQuery, upstreamHeaders, body, maxBody, timeout),
                RESPONSE);
        // A streamed body cannot be sent twice, and a non-idempotent request must never be: those get one attempt.
        Guard retry = upstreams.retryGuard(route.name());
        boolean retryable = retry != null && !hasBody && IDEMPOTENT.contains(request.method());
        CompletionStage<HttpClientResponse> response;
        try {
            response = retryable ? retry.get(attempt, RESPONSE) : attempt.get();
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        }
        Context context = Vertx.currentContext();
        response.whenComplete((upstreamResponse, failure) -> onContext(context, () -> {
            if (failure == null) {
                relay(ctx, upstreamResponse);
            } else {
                answerFailure(ctx, upstream, unwrap(failure));
            }
        }));
    }

    private void relay(RoutingContext ctx, HttpClientResponse upstreamResponse) {
        HttpServerResponse response = ctx.response();
        response.setStatusCode(upstreamResponse.statusCode());
        response.headers().addAll(headers.clientResponseHeaders(upstreamResponse.headers()));
        String length = upstreamResponse.getHeader("Content-Length");
        if (length != null) {
            response.putHeader("Content-Length", length);
        } else if (ctx.request().version() != io.vertx.core.http.HttpVersion.HTTP_1_0) {
            response.setChunked(true);
        }
        upstreamResponse.pipeTo(response).onFailure(e -> {
            LOG.debugf("relaying the upstream response failed [%s]: %s", CorrelationId.of(ctx), e);
            ctx.request().connection().close();
        });
    }

    private void answerFailure(RoutingContext ctx, Upstream upstream, Throwable failure) {
        HttpServerResponse response = ctx.response();
        if (failure instanceof UpstreamStatusException status) {
            // The upstream's own answer, passed on as it was.
            response.setStatusCode(status.status());
            response.headers().addAll(headers.clientResponseHeaders(status.headers()));
            response.end(status.body() == null ? io.vertx.core.buffer.Buffer.buffer() : status.body());
        } else if (failure instanceof CircuitBreakerOpenException) {
            response.putHeader("Retry-After",
                    Long.toString(Math.max(1, upstream.config().circuitBreaker().delay().toSeconds())));
            problems.send(ctx, ProblemType.SERVICE_UNAVAILABLE,
                    "The " + upstream.name() + " service is failing on this route; calls to it are paused");
        } else if (failure instanceof BulkheadException) {
            response.putHeader("Retry-After", "1");
            problems.send(ctx, ProblemType.SERVICE_UNAVAILABLE, "The " + upstream.name() + " service is at capacity");
        } else if (failure instanceof UpstreamCall.BodyTooLargeException) {
            problems.send(ctx, ProblemType.PAYLOAD_TOO_LARGE, "The request body is too large");
        } else if (failure instanceof TimeoutException
                || failure instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException
                || failure.getClass().getSimpleName().contains("Timeout")) {
            problems.send(ctx, ProblemType.GATEWAY_TIMEOUT, "The " + upstream.name() + " service did not answer in time");
        } else {
            LOG.debugf("upstream %s failed [%s]: %s", upstream.name(), CorrelationId.of(ctx), failure);
            problems.send(ctx, ProblemType.BAD_GATEWAY, "The " + upstream.name() + " service could not be reached");
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static void onContext(Context context, Runnable action) {
        if (context == null || Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }
}
