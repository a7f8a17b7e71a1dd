package io.scalableapi.gateway.routing;

import io.scalableapi.gateway.config.GatewayConfig.RouteConfig;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One resolved route: its name (a metric tag), configuration, and the values every request needs, computed once here
 * rather than read through the configuration per request.
 */
public record Route(String name, RouteConfig config, Set<String> publicMethods, Set<String> roles, long maxBodyBytes,
        String rateLimitPolicy) {

    static Route of(String name, RouteConfig config) {
        Set<String> methods = config.publicMethods().orElse(Set.of()).stream()
                .map(m -> m.trim().toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        return new Route(name, config, methods, Set.copyOf(config.roles().orElse(Set.of())),
                config.maxBodySize().asLongValue(), config.rateLimitPolicy().filter(p -> !p.isBlank()).orElse(null));
    }

    /** {@code method} as the gateway forwards it (upper case, MethodStep refused any other spelling before routing). */
    public boolean isPublic(String method) {
        return publicMethods.contains(method);
    }

    public String upstream() {
        return config.upstream();
    }

    /** The route's own timeout, or the upstream's when the route sets none. */
    public long timeoutMillis(Duration upstreamTimeout) {
        return config.timeout().orElse(upstreamTimeout).toMillis();
    }
}
