package io.scalableapi.gateway.proxy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.scalableapi.gateway.routing.Route;
import io.vertx.core.http.HttpMethod;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The {@code gateway.requests} timers by route, upstream, method and status. Every tag comes from a closed set, so no
 * client can grow the registry: routes are configured, methods are the ones the gateway forwards (others are refused
 * before routing; should one ever get here it is tagged {@code OTHER}), and a status is tagged by its code when it is a
 * registered HTTP status and by its class ({@code 2xx} to {@code 5xx}, {@code other} outside 100-599) otherwise.
 * Lookups are two array reads in a table per route, filled as combinations first occur: no tag list and no meter id
 * are built per request (that showed in the gateway's profile).
 */
@Singleton
public class RequestTimers {

    /** The IANA HTTP status code registry's codes. */
    private static final Set<Integer> REGISTERED = Set.of(100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208,
            226, 300, 301, 302, 303, 304, 305, 307, 308, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413,
            414, 415, 416, 417, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508,
            510, 511);
    private static final String OTHER_METHOD = "OTHER";
    /** Status code (0-999) → index of its tag in {@link #STATUS_TAGS}. */
    private static final int[] STATUS_INDEX = new int[1000];
    private static final String[] STATUS_TAGS;

    static {
        java.util.List<String> tags = new java.util.ArrayList<>();
        tags.add("other");
        for (int status = 0; status < STATUS_INDEX.length; status++) {
            String tag = status < 100 || status > 599 ? "other"
                    : REGISTERED.contains(status) ? Integer.toString(status) : status / 100 + "xx";
            int index = tags.indexOf(tag);
            if (index < 0) {
                index = tags.size();
                tags.add(tag);
            }
            STATUS_INDEX[status] = index;
        }
        STATUS_TAGS = tags.toArray(String[]::new);
    }

    private static final int METHOD_SLOTS = ForwardedMethods.COUNT + 1;

    private final MeterRegistry registry;
    /** Route name → its timers, [method index × status tag index]. Routes are configured: the map is bounded by them. */
    private final ConcurrentHashMap<String, AtomicReferenceArray<Timer>> byRoute = new ConcurrentHashMap<>();

    RequestTimers(MeterRegistry registry) {
        this.registry = registry;
    }

    public Timer timer(Route route, HttpMethod method, int status) {
        AtomicReferenceArray<Timer> table = byRoute.get(route.name());
        if (table == null) {
            table = byRoute.computeIfAbsent(route.name(),
                    k -> new AtomicReferenceArray<>(METHOD_SLOTS * STATUS_TAGS.length));
        }
        int methodIndex = ForwardedMethods.indexOf(method);
        int methodSlot = methodIndex < 0 ? ForwardedMethods.COUNT : methodIndex;
        int statusIndex = status >= 0 && status < STATUS_INDEX.length ? STATUS_INDEX[status] : 0;
        int slot = methodSlot * STATUS_TAGS.length + statusIndex;
        Timer timer = table.get(slot);
        if (timer == null) {
            // Registering twice in a race is harmless: the registry answers the same timer for the same id.
            timer = Timer.builder("gateway.requests")
                    .description("Requests through the gateway by route, upstream, method and status")
                    .tag("route", route.name()).tag("upstream", route.upstream())
                    .tag("method", methodIndex < 0 ? OTHER_METHOD : ForwardedMethods.name(methodIndex))
                    .tag("status", STATUS_TAGS[statusIndex])
                    .publishPercentileHistogram()
                    .register(registry);
            table.set(slot, timer);
        }
        return timer;
    }
}
