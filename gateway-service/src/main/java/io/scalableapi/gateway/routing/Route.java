package io.scalableapi.gateway.routing;

import io.scalableapi.gateway.config.GatewayConfig.RouteConfig;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** One resolved route: its name (a metric tag) and configuration. */
public record Route(String name, RouteConfig config, Set<String> publicMethods, Set<String> roles) {

    static Route of(String name, RouteConfig config) {
        Set<String> methods = config.publicMethods().orElse(Set.of()).stream()
                .map(m -> m.trim().toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        return new Route(name, config, methods, Set.copyOf(config.roles().orElse(Set.of())));
    }

    public boolean isPublic(String method) {
        return publicMethods.contains(method.toUpperCase(Locale.ROOT));
    }

    public String upstream() {
        return config.upstream();
    }
}
