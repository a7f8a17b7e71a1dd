package io.scalableapi.gateway.routing;

import io.scalableapi.gateway.config.GatewayConfig;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Path → route by longest whole-segment prefix. Built once from configuration; validated at startup. */
@Startup
@Singleton
public class RouteTable {

    private record Entry(String prefix, Route route) {
    }

    private final List<Entry> entries;

    @Inject
    RouteTable(GatewayConfig config) {
        this(build(config));
    }

    private RouteTable(List<Entry> entries) {
        this.entries = entries;
    }

    /** For unit tests and tools. */
    public static RouteTable of(GatewayConfig config) {
        return new RouteTable(build(config));
    }

    private static List<Entry> build(GatewayConfig config) {
        List<Entry> list = new ArrayList<>();
        config.routes().forEach((name, route) -> {
            if (!config.upstreams().containsKey(route.upstream())) {
                throw new IllegalStateException("gateway.routes." + name + ".upstream names no upstream: " + route.upstream());
            }
            route.rateLimitPolicy().ifPresent(p -> {
                if (!config.rateLimit().policies().containsKey(p)) {
                    throw new IllegalStateException("gateway.routes." + name + ".rate-limit-policy names no policy: " + p);
                }
            });
            Route resolved = Route.of(name, route);
            for (String prefix : route.prefixes()) {
                String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
                if (!p.startsWith("/api/")) {
                    // Only the public API is routed: a prefix such as "/" would expose the services' /q endpoints.
                    throw new IllegalStateException("gateway.routes." + name + ": prefixes must start with /api/: " + prefix);
                }
                list.add(new Entry(p, resolved));
            }
        });
        list.sort(Comparator.comparingInt((Entry e) -> e.prefix.length()).reversed());
        return List.copyOf(list);
    }

    /** The route for an already normalized path. */
    public Optional<Route> match(String path) {
        for (Entry e : entries) {
            if (path.equals(e.prefix) || path.startsWith(e.prefix) && path.charAt(e.prefix.length()) == '/') {
                return Optional.of(e.route);
            }
        }
        return Optional.empty();
    }
}
