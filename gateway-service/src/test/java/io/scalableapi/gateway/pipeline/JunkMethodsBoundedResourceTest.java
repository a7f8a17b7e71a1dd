package io.scalableapi.gateway.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.scalableapi.gateway.proxy.RequestTimers;
import io.scalableapi.gateway.proxy.UpstreamRegistry;
import io.scalableapi.gateway.ratelimit.RateLimiter;
import io.scalableapi.gateway.support.MapSizes;
import io.scalableapi.gateway.support.RawClient;
import io.scalableapi.gateway.support.Tokens;
import io.scalableapi.gateway.support.UpstreamServers;
import io.scalableapi.tokencache.VerifiedTokenCache;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 2: nothing keyed by what a client writes grows without bound. Methods the gateway does not forward are
 * refused (405 problem+json with Allow) before routing, authentication or any meter; meters are tagged from closed sets
 * only; a few hundred junk methods, paths and header names leave the meter registry and every map of the gateway's
 * request path as they were (but for the one client key and token they add).
 */
@QuarkusTest
@QuarkusTestResource(UpstreamServers.class)
class JunkMethodsBoundedResourceTest {

    private static final String TCHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-.^_`|~";
    /** Characters a path segment may hold unencoded (RFC 3986 pchar without '%'). */
    private static final String PCHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@";
    private static final String CLIENT = "127.0.0.17";
    private static final int PER_FAMILY = 200;

    @Inject
    MeterRegistry registry;
    @Inject
    RequestTimers timers;
    @Inject
    RateLimiter limiter;
    @Inject
    UpstreamRegistry upstreams;
    @Inject
    AdmissionControl admission;
    @Inject
    VerifiedTokenCache tokens;

    @Test
    void junkMethodsPathsAndHeaderNamesAreAnsweredAndGrowNothing() {
        int port = RestAssured.port;
        String alice = Tokens.of("alice");
        // Every meter and key this client may rightly add (a route's timer for 200 and 404, its limiter keys) exists first.
        for (String token : new String[] {null, alice}) {
            assertEquals(200, send(port, "GET", "/api/v1/products/1", List.of(), token).status());
            assertEquals(200, send(port, "POST", "/api/v1/products", List.of(), token == null ? alice : token).status());
            assertEquals(404, send(port, "GET", "/api/v1/nothing-here", List.of(), token).status());
        }
        int gatewayMetersBefore = gatewayMeters();
        int metersBefore = registry.getMeters().size();
        Map<String, Integer> mapsBefore = maps();
        int upstreamBefore = UpstreamServers.catalog.hits.get() + UpstreamServers.user.hits.get();

        SplittableRandom random = new SplittableRandom(17);
        List<String> broken = new ArrayList<>();
        int forwarded = 0;
        for (int i = 0; i < PER_FAMILY; i++) {
            // Junk methods, anonymous and with a token, on routed paths: refused before anything else happens.
            String method = junkMethod(random, i);
            String target = i % 2 == 0 ? "/api/v1/products/" + i : "/api/v1/users/registrations";
            RawClient.Response r = send(port, method, target, List.of(), i % 3 == 0 ? alice : null);
            if (r.status() != 405 || !"application/problem+json".equals(r.header("content-type"))
                    || r.header("allow") == null || !r.header("allow").contains("GET")) {
                broken.add(method + " " + target + " -> " + r.status() + " " + r.header("content-type") + " allow="
                        + r.header("allow"));
            }
            // Junk paths: under a route (forwarded, one route's timer) and under none (404, no timer).
            RawClient.Response routed = send(port, "GET", "/api/v1/products/" + segment(random),
                    List.of(), null);
            // What the upstream answered (the echo's 200); the limiter (429) and PathGuard (404) answer some themselves.
            forwarded += routed.status() == 200 ? 1 : 0;
            RawClient.Response unrouted = send(port, "GET", "/api/v1/" + segment(random), List.of(),
                    null);
            // Junk header names: forwarded as they are, counted nowhere.
            List<String[]> headers = List.of(new String[] {"X-" + token(random, 1 + random.nextInt(30)), "1"},
                    new String[] {token(random, 1 + random.nextInt(30)), token(random, 8)});
            RawClient.Response named = send(port, "GET", "/api/v1/products/7", headers, null);
            forwarded += named.status() == 200 ? 1 : 0;
            if (routed.status() >= 500 || unrouted.status() != 404 || named.status() >= 500) {
                broken.add("junk path/header -> " + routed.status() + " / " + unrouted.status() + " / " + named.status());
            }
        }
        assertTrue(broken.isEmpty(), broken.size() + " junk requests not refused as expected: " + broken.subList(0,
                Math.min(10, broken.size())));
        assertEquals(upstreamBefore + forwarded, UpstreamServers.catalog.hits.get() + UpstreamServers.user.hits.get(),
                "no junk method reached an upstream");

        // The junk paths meet the anonymous burst (20): a 429 timer and the rejected-decision counter may appear, each
        // once. Anything growing with the junk (a meter per method, path or header) would add hundreds.
        int gatewayMetersAfter = gatewayMeters();
        assertTrue(gatewayMetersAfter - gatewayMetersBefore <= 3,
                "the gateway's meters: " + gatewayMetersBefore + " -> " + gatewayMetersAfter);
        int metersAfter = registry.getMeters().size();
        System.out.printf("[junk] %d requests; meters %d -> %d; maps %s -> %s%n", 4 * PER_FAMILY, metersBefore, metersAfter,
                mapsBefore, maps());
        // The JVM's own meters may appear late (a kind of GC the run had not had yet); nothing in proportion to the junk.
        assertTrue(metersAfter - metersBefore <= 8, "meters " + metersBefore + " -> " + metersAfter);
        Map<String, Integer> mapsAfter = maps();
        mapsAfter.forEach((map, size) -> assertTrue(size <= mapsBefore.getOrDefault(map, 0) + 2,
                map + " grew from " + mapsBefore.get(map) + " to " + size + " with " + 4 * PER_FAMILY + " junk requests"));
    }

    private RawClient.Response send(int port, String method, String target, List<String[]> headers, String token) {
        List<String[]> all = new ArrayList<>(headers);
        if (token != null) {
            all.add(new String[] {"Authorization", "Bearer " + token});
        }
        if (method.equals("POST")) {
            all.add(new String[] {"Content-Type", "application/json"});
            return RawClient.send(CLIENT, port, method, target, all, "{}");
        }
        return RawClient.send(CLIENT, port, method, target, all, null);
    }

    private Map<String, Integer> maps() {
        return MapSizes.of(timers, limiter, upstreams, admission, tokens);
    }

    private int gatewayMeters() {
        int n = 0;
        for (Meter m : registry.getMeters()) {
            n += m.getId().getName().startsWith("gateway.") ? 1 : 0;
        }
        return n;
    }

    /** Invented tokens, the standard methods in the wrong case, WebDAV's, and TRACE (never forwarded). */
    private static String junkMethod(SplittableRandom random, int i) {
        return switch (i % 8) {
            case 0 -> "get";
            case 1 -> "Post";
            case 2 -> "PROPFIND";
            case 3 -> "TRACE";
            default -> token(random, 1 + random.nextInt(24));
        };
    }

    private static String segment(SplittableRandom random) {
        int length = 1 + random.nextInt(40);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(PCHARS.charAt(random.nextInt(PCHARS.length())));
        }
        return s.toString();
    }

    private static String token(SplittableRandom random, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(TCHARS.charAt(random.nextInt(TCHARS.length())));
        }
        return s.toString();
    }
}
