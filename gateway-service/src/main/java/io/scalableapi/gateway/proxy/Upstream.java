package io.scalableapi.gateway.proxy;

import io.scalableapi.gateway.config.GatewayConfig.UpstreamConfig;
import io.smallrye.faulttolerance.api.Guard;
import io.vertx.core.http.HttpClient;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One upstream service: its pooled HTTP client (keep-alive), its base URLs taken round-robin, and its fault-tolerance
 * guard (timeout, circuit breaker, bulkhead), shared by every route that leads to it.
 */
public record Upstream(String name, UpstreamConfig config, HttpClient client, List<URI> baseUris, Guard guard,
        AtomicInteger next) {

    public URI nextBase() {
        return baseUris.get(Math.floorMod(next.getAndIncrement(), baseUris.size()));
    }

    public String circuitBreakerName() {
        return circuitBreakerName(name);
    }

    static String circuitBreakerName(String upstream) {
        return "upstream-" + upstream;
    }
}
