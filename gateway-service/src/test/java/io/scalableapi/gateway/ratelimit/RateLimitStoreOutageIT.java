package io.scalableapi.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scalableapi.gateway.support.EchoUpstream;
import io.scalableapi.gateway.support.GatewayProcess;
import io.scalableapi.gateway.support.TcpProxy;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Infinispan becomes unreachable (the gateway reaches it through a relay that the test freezes: every byte stops, nothing
 * is refused). The fail-open policy passes requests, the fail-closed policy answers 503, each answer arriving within the
 * client's bounded wait although the Hot Rod socket timeout (60 s here) is far longer; the fallbacks are counted.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RateLimitStoreOutageIT {

    /**
     * Far below what a request stuck on Infinispan would take here (the Hot Rod socket timeout is set to 60 s below), far
     * above the 300 ms decision bound: a generous wait on a loaded machine, not a timing assertion.
     */
    private static final Duration CLIENT_WAIT = Duration.ofSeconds(10);

    private static Vertx vertx;
    private static EchoUpstream upstream;
    private static TcpProxy infinispan;
    private static GatewayProcess gateway;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        GatewayProcess.requirePackagedJar();
        vertx = Vertx.vertx();
        upstream = EchoUpstream.start(vertx);
        infinispan = TcpProxy.start(vertx, "127.0.0.1", 11222);
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.infinispan-client.hosts", "127.0.0.1:" + infinispan.port());
        // Talk to the relay only, never to addresses the server's topology announces.
        config.put("quarkus.infinispan-client.client-intelligence", "BASIC");
        config.put("gateway.upstreams.catalog.urls", upstream.url());
        config.put("gateway.rate-limit.namespace", "it-" + UUID.randomUUID());
        config.put("gateway.rate-limit.store-timeout", "300ms");
        // Without the gateway's own bound a request would hang this long on the frozen relay.
        config.put("quarkus.infinispan-client.socket-timeout", "60000");
        config.put("gateway.rate-limit.store-circuit-breaker.delay", "3s");
        for (String mode : new String[] {"open", "closed"}) {
            config.put("gateway.routes." + mode + ".prefixes", "/api/v1/fail-" + mode);
            config.put("gateway.routes." + mode + ".upstream", "catalog");
            config.put("gateway.routes." + mode + ".public-methods", "GET");
            config.put("gateway.routes." + mode + ".rate-limit-policy", mode);
            config.put("gateway.rate-limit.policies." + mode + ".key", "subject");
            config.put("gateway.rate-limit.policies." + mode + ".when-store-unavailable", "fail-" + mode);
            config.put("gateway.rate-limit.policies." + mode + ".tiers.default.limit", "1000");
        }
        gateway = GatewayProcess.start("outage", config);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (infinispan != null) {
            infinispan.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void eachPolicyTakesItsFailModeWithinTheBoundAndRecovers() throws Exception {
        assertEquals(200, get("/api/v1/fail-open/a").statusCode());
        assertEquals(200, get("/api/v1/fail-closed/a").statusCode());

        infinispan.freeze();
        try {
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> open = get("/api/v1/fail-open/a");
                assertEquals(200, open.statusCode(), "fail-open passes");
                assertTrue(open.headers().firstValue("RateLimit").isEmpty(), "no counts are claimed without the store");
                HttpResponse<String> closed = get("/api/v1/fail-closed/a");
                assertEquals(503, closed.statusCode(), "fail-closed rejects");
                assertEquals("application/problem+json", closed.headers().firstValue("Content-Type").orElse(null));
                assertTrue(closed.headers().firstValue("Retry-After").isPresent());
            }
            String metrics = get("/q/metrics").body();
            assertTrue(counter(metrics, "fail_open") >= 6, metrics);
            assertTrue(counter(metrics, "fail_closed") >= 6, metrics);
            assertEquals(200, get("/q/health/ready").statusCode(),
                    "the replica stays in the load balancer: every replica shares the store, and the fail modes serve");
            HttpResponse<String> dependencies = get("/q/health/group/dependencies");
            assertEquals(503, dependencies.statusCode(), "operators see the store is down");
            assertTrue(dependencies.body().contains("\"infinispan\""), dependencies.body());
        } finally {
            infinispan.thaw();
        }

        // Bounded wait for the Hot Rod connection and the store's circuit breaker to come back.
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        HttpResponse<String> closed = get("/api/v1/fail-closed/a");
        while (closed.statusCode() != 200 && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            closed = get("/api/v1/fail-closed/a");
        }
        assertEquals(200, closed.statusCode(), "decisions come from Infinispan again");
    }

    private static double counter(String metrics, String outcome) {
        Matcher m = Pattern.compile("gateway_ratelimit_decisions_total\\{[^}]*outcome=\"" + outcome + "\"[^}]*\\} ([0-9.E]+)")
                .matcher(metrics);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create((path.startsWith("/q/") ? gateway.managementUrl() : gateway.url()) + path)).timeout(CLIENT_WAIT).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
