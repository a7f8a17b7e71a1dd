package io.scalableapi.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.scalableapi.gateway.support.EchoUpstream;
import io.scalableapi.gateway.support.GatewayProcess;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One exact limit across replicas: two packaged gateway processes share the running Infinispan; one key is limited to 100
 * per minute; 1,000 requests over 20 concurrent keep-alive connections, half to each process, must give exactly 100 2xx
 * and 900 429, and only the 100 may reach the upstream.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RateLimitExactnessIT {

    private static final int REQUESTS = 1000;
    private static final int CONNECTIONS = 20;

    private static Vertx vertx;
    private static EchoUpstream upstream;
    private static GatewayProcess first;
    private static GatewayProcess second;

    @BeforeAll
    static void startTwoGateways() throws Exception {
        GatewayProcess.requirePackagedJar();
        vertx = Vertx.vertx();
        upstream = EchoUpstream.start(vertx);
        Map<String, String> config = new HashMap<>();
        config.put("gateway.upstreams.catalog.urls", upstream.url());
        config.put("gateway.rate-limit.namespace", "it-" + UUID.randomUUID());
        // Every bound is generous here: this test is about exactness under contention, not about outages. On a starved
        // machine (other builds on 2 cores) short timeouts would turn allowed requests into 503/504 and hide what is
        // measured. Timeouts that fire after Infinispan applied a write can only over-count (fewer passes), never under.
        config.put("gateway.rate-limit.store-timeout", "60s");
        config.put("gateway.rate-limit.store-circuit-breaker.request-volume-threshold", "1000000");
        config.put("quarkus.infinispan-client.socket-timeout", "60000");
        config.put("gateway.upstreams.catalog.timeout", "60s");
        config.put("gateway.upstreams.catalog.circuit-breaker.request-volume-threshold", "1000000");
        for (String name : List.of("exact", "exact-spoofed")) {
            config.put("gateway.routes." + name + ".prefixes", "/api/v1/" + name);
            config.put("gateway.routes." + name + ".upstream", "catalog");
            config.put("gateway.routes." + name + ".public-methods", "GET");
            config.put("gateway.routes." + name + ".rate-limit-policy", name);
            config.put("gateway.rate-limit.policies." + name + ".key", "subject");
            config.put("gateway.rate-limit.policies." + name + ".when-store-unavailable", "fail-closed");
            config.put("gateway.rate-limit.policies." + name + ".tiers.default.limit", "100");
            config.put("gateway.rate-limit.policies." + name + ".tiers.default.window", "60s");
        }
        first = GatewayProcess.start("exact-1", config);
        second = GatewayProcess.start("exact-2", config);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void exactlyOneHundredPassAcrossTwoReplicas() throws Exception {
        int before = upstream.hits.get();
        Map<Integer, Integer> statuses = fire("/api/v1/exact/items", false);
        System.out.printf("exactness: %s, upstream saw %d%n", statuses, upstream.hits.get() - before);
        assertEquals(Map.of(200, 100, 429, 900), statuses);
        assertEquals(100, upstream.hits.get() - before);
    }

    @Test
    void spoofedForwardedForFromAnUntrustedPeerDoesNotRaiseTheLimit() throws Exception {
        int before = upstream.hits.get();
        Map<Integer, Integer> statuses = fire("/api/v1/exact-spoofed/items", true);
        System.out.printf("exactness with spoofed X-Forwarded-For: %s, upstream saw %d%n", statuses,
                upstream.hits.get() - before);
        assertEquals(Map.of(200, 100, 429, 900), statuses);
        assertEquals(100, upstream.hits.get() - before);
    }

    /** 20 workers, each with its own HTTP/1.1 client (its own keep-alive connection), alternating between processes. */
    private static Map<Integer, Integer> fire(String path, boolean spoof) throws Exception {
        AtomicInteger sent = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
        Map<Integer, AtomicInteger> counts = new java.util.concurrent.ConcurrentHashMap<>();
        try {
            List<Future<?>> workers = new java.util.ArrayList<>();
            for (int w = 0; w < CONNECTIONS; w++) {
                String base = (w % 2 == 0 ? first : second).url();
                workers.add(pool.submit(() -> {
                    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(Duration.ofSeconds(10)).build();
                    int n;
                    while ((n = sent.getAndIncrement()) < REQUESTS) {
                        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                                .timeout(Duration.ofSeconds(120));
                        if (spoof) {
                            request.header("X-Forwarded-For", "203.0.113." + (n % 250) + ", 198.51.100." + (n % 200));
                        }
                        HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
                        counts.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        Map<Integer, Integer> result = new java.util.TreeMap<>();
        counts.forEach((status, count) -> result.put(status, count.get()));
        return result;
    }
}
