package io.scalableapi.gateway.proxy;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.scalableapi.gateway.config.GatewayConfig;
import io.scalableapi.gateway.config.GatewayConfig.RetryConfig;
import io.scalableapi.gateway.config.GatewayConfig.UpstreamConfig;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.tracing.TracingPolicy;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.ConnectException;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The upstreams, and per route the guard toward its upstream (circuit breaker, bulkhead) and the retry guard,
 * built once: circuit breakers must keep their state across requests.
 *
 * <p>Circuit breakers are per route, not per upstream: an endpoint that fails for a reason of its own (registrations while
 * Keycloak is away answer 503) pauses only its route, and the service's other routes keep being called. When the whole
 * upstream is gone, every route's breaker opens on its own failures.
 */
@Singleton
public class UpstreamRegistry {

    private final Map<String, Upstream> upstreams = new HashMap<>();
    private final Map<String, Guard> guards = new HashMap<>();
    private final Map<String, Guard> retryGuards = new HashMap<>();

    UpstreamRegistry(GatewayConfig config, Vertx vertx, MeterRegistry registry) {
        config.upstreams().forEach((name, up) -> upstreams.put(name, build(name, up, vertx)));
        // Every route names a configured upstream: RouteTable checks that at startup.
        config.routes().forEach((name, route) -> {
            guards.put(name, guard(name, route.upstream(), config.upstreams().get(route.upstream()), registry));
            if (route.retry().maxRetries() > 0) {
                retryGuards.put(name, retryGuard(name, route.retry()));
            }
        });
    }

    private static Upstream build(String name, UpstreamConfig config, Vertx vertx) {
        List<URI> uris = config.urls().stream().map(String::trim).map(URI::create).toList();
        for (URI uri : uris) {
            if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalStateException("gateway.upstreams." + name + ".urls: need http://host[:port], got " + uri);
            }
        }
        HttpClientOptions options = new HttpClientOptions()
                .setKeepAlive(true)
                .setConnectTimeout((int) Math.min(config.timeout().toMillis(), 2_000))
                // Let an idle pooled connection go before the upstream closes it under us.
                .setKeepAliveTimeout(30)
                // The gateway's own client span per attempt (EdgeTracing) is the one trace mechanism; Vert.x's tracer
                // would add a second span and read its parent from the event loop's context.
                .setTracingPolicy(TracingPolicy.IGNORE);
        var client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(config.maxConnections()));
        return new Upstream(name, config, client, uris, new AtomicInteger());
    }

    private static Guard guard(String route, String upstream, UpstreamConfig config, MeterRegistry registry) {
        String cbName = circuitBreakerName(route);
        var cb = config.circuitBreaker();
        Guard guard = Guard.create()
                .withDescription(cbName)
                // No SmallRye timeout here: each attempt's deadline is the Vert.x request's own timeout (UpstreamCall),
                // which also frees the connection and fails the attempt for the breaker and the retry to see. The
                // extra timer SmallRye scheduled and cancelled per call, on a thread of its own, was ~5 us of the ~41
                // us a proxied request cost (A/B, same run).
                .withCircuitBreaker()
                .name(cbName)
                .requestVolumeThreshold(cb.requestVolumeThreshold())
                .failureRatio(cb.failureRatio())
                .delay(cb.delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(cb.successThreshold())
                // Not the upstream's failures: the client's (a body too large), and the gateway's own refusal to send more
                // calls at once (the bulkhead). A burst of connections must never open the circuit of a healthy upstream.
                .skipOn(List.of(UpstreamCall.BodyTooLargeException.class, BulkheadException.class))
                .done()
                .withBulkhead().limit(config.bulkhead().limit()).queueSize(config.bulkhead().queueSize()).done()
                .withThreadOffload(false)
                .build();
        Gauge.builder("gateway.upstream.circuit.state", () -> circuitState(cbName))
                .description("0 closed, 1 half-open, 2 open; one circuit per route toward its upstream")
                .tag("route", route)
                .tag("upstream", upstream)
                .register(registry);
        return guard;
    }

    /** The SmallRye circuit breaker name of a route's guard. */
    static String circuitBreakerName(String route) {
        return "route-" + route;
    }

    private static double circuitState(String cbName) {
        CircuitBreakerState state;
        try {
            state = CircuitBreakerMaintenance.get().currentState(cbName);
        } catch (IllegalArgumentException notUsedYet) {
            // SmallRye registers a named breaker at its first call; until then it is closed.
            return 0;
        }
        return switch (state) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }

    private static Guard retryGuard(String route, RetryConfig retry) {
        return Guard.create()
                .withDescription("route-" + route + "-retry")
                .withRetry()
                .maxRetries(retry.maxRetries())
                .delay(retry.delay().toMillis(), ChronoUnit.MILLIS)
                .jitter(retry.jitter().toMillis(), ChronoUnit.MILLIS)
                // Only failures where the upstream surely did not act on the request, or said so (503; one with
                // Retry-After never gets here, see UpstreamStatusException.countsAsFailure).
                .whenException(UpstreamRegistry::isRetryable)
                .done()
                .withThreadOffload(false)
                .build();
    }

    static boolean isRetryable(Throwable failure) {
        return failure instanceof ConnectException
                || failure instanceof UpstreamStatusException status && status.status() == 503;
    }

    public Upstream upstream(String name) {
        return upstreams.get(name);
    }

    /** The guard (circuit breaker, bulkhead) of a route toward its upstream. */
    public Guard guard(String route) {
        return guards.get(route);
    }

    /** The retry guard of a route, or null when the route does not retry. */
    public Guard retryGuard(String route) {
        return retryGuards.get(route);
    }

    @PreDestroy
    void close() {
        upstreams.values().forEach(u -> u.client().close());
    }
}
