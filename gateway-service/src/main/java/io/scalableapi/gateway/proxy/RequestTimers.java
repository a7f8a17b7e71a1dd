package io.scalableapi.gateway.proxy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.scalableapi.gateway.routing.Route;
import io.vertx.core.http.HttpMethod;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code gateway.requests} timers by route, upstream, method and status, looked up once per combination. Building a
 * meter id (tags sorted and compared) for every request showed in the gateway's profile; the combinations are few. Tags
 * come from closed sets only: a method the client invented is tagged {@code OTHER}, so junk cannot grow the registry.
 */
@Singleton
public class RequestTimers {

    private static final Set<HttpMethod> STANDARD = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT,
            HttpMethod.DELETE, HttpMethod.PATCH, HttpMethod.OPTIONS, HttpMethod.TRACE, HttpMethod.CONNECT);

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

    RequestTimers(MeterRegistry registry) {
        this.registry = registry;
    }

    public Timer timer(Route route, HttpMethod method, int status) {
        String methodTag = STANDARD.contains(method) ? method.name() : "OTHER";
        String key = route.name() + ' ' + methodTag + ' ' + status;
        Timer timer = timers.get(key);
        return timer != null ? timer : timers.computeIfAbsent(key, k -> Timer.builder("gateway.requests")
                .description("Requests through the gateway by route, upstream, method and status")
                .tag("route", route.name()).tag("upstream", route.upstream())
                .tag("method", methodTag)
                .tag("status", Integer.toString(status))
                .publishPercentileHistogram()
                .register(registry));
    }
}
