package io.scalableapi.gateway.proxy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.scalableapi.gateway.routing.Route;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code gateway.requests} timers by route, upstream, method and status, looked up once per combination. Building a
 * meter id (tags sorted and compared) for every request showed in the gateway's profile; the combinations are few.
 */
@ApplicationScoped
public class RequestTimers {

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

    RequestTimers(MeterRegistry registry) {
        this.registry = registry;
    }

    public Timer timer(Route route, String method, int status) {
        String key = route.name() + ' ' + method + ' ' + status;
        Timer timer = timers.get(key);
        return timer != null ? timer : timers.computeIfAbsent(key, k -> Timer.builder("gateway.requests")
                .description("Requests through the gateway by route, upstream, method and status")
                .tag("route", route.name()).tag("upstream", route.upstream())
                .tag("method", method)
                .tag("status", Integer.toString(status))
                .publishPercentileHistogram()
                .register(registry));
    }
}
