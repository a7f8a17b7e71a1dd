package io.scalableapi.gateway.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scalableapi.gateway.journeys.Figures;
import io.scalableapi.gateway.support.EchoUpstream;
import io.scalableapi.gateway.support.GatewayProcess;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged gateway under many concurrent connections: a closed-loop client population below capacity is never shed,
 * the gateway's own refusals (bulkhead, admission bound) never open a healthy upstream's circuit, and past the admission
 * bound requests are refused at once as problem+json while health keeps answering.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ConcurrencyIT {

    private static Vertx vertx;
    private static EchoUpstream upstream;
    private static HttpClient client;
    private GatewayProcess gateway;

    @BeforeAll
    static void upstreamAndClient() {
        GatewayProcess.requirePackagedJar();
        vertx = Vertx.vertx();
        upstream = EchoUpstream.start(vertx);
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(10_000),
                new PoolOptions().setHttp1MaxSize(512).setMaxWaitQueueSize(-1));
    }

    @AfterEach
    void stopGateway() throws Exception {
        upstream.mode.set("ok");
        if (gateway != null) {
            gateway.close();
        }
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
    }

    /** Every test's gateway: the catalog route toward the echo upstream, its limit never reached. */
    private static Map<String, String> config() {
        Map<String, String> config = new HashMap<>();
        config.put("gateway.upstreams.catalog.urls", upstream.url());
        config.put("gateway.rate-limit.namespace", "it-" + UUID.randomUUID());
        config.put("gateway.rate-limit.policies.standard.tiers.anonymous.limit", "1000000000");
        config.put("gateway.rate-limit.policies.standard.tiers.anonymous.burst", "1000000000");
        // A starved CI machine must not turn slow answers into timeouts: this is about refusals, not about time.
        config.put("gateway.upstreams.catalog.timeout", "60s");
        config.put("gateway.rate-limit.store-timeout", "30s");
        return config;
    }

    @Test
    void aClosedLoopPopulationBelowCapacityIsNeverShed() throws Exception {
        gateway = GatewayProcess.start("closed-loop", config());
        Map<Integer, Integer> statuses = closedLoop(gateway.url() + "/api/v1/products/p-1", 256, 2_000);
        Figures.record("closed loop through the packaged gateway, 256 connections, 2,000 requests", statuses.toString());
        assertEquals(Map.of(200, 2_000), statuses, "a client population that waits for its answers is never refused");
    }

    @Test
    void aBurstFarAboveTheBulkheadNeverOpensAHealthyUpstreamsCircuit() throws Exception {
        Map<String, String> config = config();
        config.put("gateway.upstreams.catalog.bulkhead.limit", "4");
        config.put("gateway.upstreams.catalog.bulkhead.queue-size", "4");
        config.put("gateway.upstreams.catalog.circuit-breaker.request-volume-threshold", "4");
        gateway = GatewayProcess.start("bulkhead-burst", config);
        upstream.slowMillis.set(100);
        upstream.mode.set("slow");
        Map<Integer, Integer> burst = closedLoop(gateway.url() + "/api/v1/products/p-1", 200, 1_000);
        upstream.mode.set("ok");
        Figures.record("burst of 200 connections at a bulkhead of 4 + 4 queued (circuit stays closed)", burst.toString());
        assertTrue(burst.getOrDefault(503, 0) > 0, "the bulkhead did refuse part of the burst: " + burst);
        Map<Integer, Integer> after = closedLoop(gateway.url() + "/api/v1/products/p-1", 1, 20);
        assertEquals(Map.of(200, 20), after, "the upstream is healthy, so its route's circuit stayed closed");
        assertEquals(0.0, circuitState(gateway, "catalog"), "the circuit never opened");
    }

    @Test
    void pastTheAdmissionBoundRequestsAreRefusedAtOnceAndHealthStillAnswers() throws Exception {
        Map<String, String> config = config();
        config.put("gateway.admission.max-in-flight", "16");
        gateway = GatewayProcess.start("admission", config);
        upstream.slowMillis.set(300);
        upstream.mode.set("slow");
        CompletableFuture<Map<Integer, Integer>> burst = CompletableFuture.supplyAsync(() -> {
            try {
                return closedLoop(gateway.url() + "/api/v1/products/p-1", 128, 640);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        Response health = send(gateway.managementUrl() + "/q/health/ready");
        Response refused = send(gateway.url() + "/api/v1/products/p-1");
        Map<Integer, Integer> statuses = burst.get(2, TimeUnit.MINUTES);
        Figures.record("128 connections at an admission bound of 16 (refused: 503 problem+json, Retry-After)",
                statuses.toString());
        assertEquals(200, health.status(), "readiness is never shed");
        assertEquals(503, refused.status(), "a request past the bound is refused");
        assertEquals("application/problem+json", refused.contentType());
        assertEquals("1", refused.retryAfter());
        assertTrue(refused.body().contains("The gateway is at capacity"), refused.body());
        assertTrue(statuses.getOrDefault(200, 0) >= 16, "admitted requests are served: " + statuses);
        assertTrue(statuses.getOrDefault(503, 0) > 0, "the rest are refused: " + statuses);
        assertEquals(0.0, circuitState(gateway, "catalog"), "refusals at the door are not upstream failures");
    }

    @Test
    void clientsThatHangUpMidAnswerCostNothingLater() throws Exception {
        Map<String, String> config = config();
        config.put("gateway.upstreams.catalog.circuit-breaker.request-volume-threshold", "4");
        gateway = GatewayProcess.start("hang-ups", config);
        upstream.slowMillis.set(50);
        upstream.mode.set("slow");
        int hangUps = 0;
        for (int round = 0; round < 5; round++) {
            // Requests sent, answers on their way, clients gone: closed at staggered moments around the answer.
            java.util.List<java.net.Socket> sockets = new java.util.ArrayList<>();
            for (int i = 0; i < 100; i++) {
                java.net.Socket socket = new java.net.Socket("127.0.0.1", gateway.port());
                socket.getOutputStream().write(("GET /api/v1/products/p-" + i + " HTTP/1.1\r\nHost: gw\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                sockets.add(socket);
            }
            for (int i = 0; i < sockets.size(); i++) {
                Thread.sleep(i % 10 == 0 ? 10 : 0);
                sockets.get(i).close();
                hangUps++;
            }
        }
        upstream.mode.set("ok");
        Map<Integer, Integer> after = closedLoop(gateway.url() + "/api/v1/products/p-1", 32, 400);
        Figures.record("clients hanging up mid-answer, then 400 requests over 32 connections",
                hangUps + " hang-ups, then " + after);
        assertEquals(Map.of(200, 400), after, "the requests after the hang-ups are all served");
        assertEquals(0.0, circuitState(gateway, "catalog"), "a client hanging up is not an upstream failure");
        String log = gateway.log();
        assertTrue(!log.contains("Uncaught exception") && !log.contains("IllegalReferenceCount"),
                "no error is logged for a client that went away:\n" + gateway.tail());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        double inFlight;
        while ((inFlight = metric(gateway, "gateway_admission_in_flight ", "")) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(0.0, inFlight, "every admitted place was given back");
    }

    private record Response(int status, String contentType, String retryAfter, String body) {
    }

    private static Response send(String url) throws Exception {
        return client.request(new RequestOptions().setAbsoluteURI(url).setMethod(HttpMethod.GET))
                .compose(r -> r.send().compose(resp -> resp.body().map(b -> new Response(resp.statusCode(),
                        resp.getHeader("Content-Type"), resp.getHeader("Retry-After"), b.toString()))))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private static double circuitState(GatewayProcess gateway, String route) throws Exception {
        return metric(gateway, "gateway_upstream_circuit_state{", "route=\"" + route + "\"");
    }

    /** The value of the first metrics line that starts with {@code prefix} and contains {@code part}. */
    private static double metric(GatewayProcess gateway, String prefix, String part) throws Exception {
        for (String line : send(gateway.managementUrl() + "/q/metrics").body().split("\n")) {
            if (line.startsWith(prefix) && line.contains(part)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no metric " + prefix + " with " + part);
    }

    /** {@code connections} clients, each sending its next request once its answer is in, {@code requests} in all. */
    private static Map<Integer, Integer> closedLoop(String url, int connections, int requests) throws Exception {
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Map<Integer, AtomicInteger> counts = new ConcurrentHashMap<>();
        CompletableFuture<Void> all = new CompletableFuture<>();
        RequestOptions options = new RequestOptions().setAbsoluteURI(url).setMethod(HttpMethod.GET);
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            if (sent.getAndIncrement() >= requests) {
                return;
            }
            client.request(options).compose(r -> r.send().compose(resp -> resp.body().map(b -> resp.statusCode())))
                    .onComplete(ar -> {
                        int status = ar.succeeded() ? ar.result() : -1;
                        counts.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                        if (done.incrementAndGet() == requests) {
                            all.complete(null);
                        } else {
                            next[0].run();
                        }
                    });
        };
        for (int i = 0; i < connections; i++) {
            next[0].run();
        }
        all.get(3, TimeUnit.MINUTES);
        Map<Integer, Integer> result = new TreeMap<>();
        counts.forEach((status, count) -> result.put(status, count.get()));
        return result;
    }
}
