package io.scalableapi.gateway.proxy;

import io.scalableapi.gateway.config.GatewayConfig.UpstreamConfig;
import io.vertx.core.http.HttpClient;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One upstream service: its pooled HTTP client (keep-alive) and its base URLs taken round-robin. The fault-tolerance
 * guards toward it are per route (see {@link UpstreamRegistry#guard}).
 */
public record Upstream(String name, UpstreamConfig config, HttpClient client, List<URI> baseUris, AtomicInteger next) {

    public URI nextBase() {
        return baseUris.get(Math.floorMod(next.getAndIncrement(), baseUris.size()));
    }
}
