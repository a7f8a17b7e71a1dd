package io.scalableapi.gateway.proxy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.http.HttpServer;
import jakarta.inject.Inject;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.scalableapi.gateway.support.RecordedSpans;
import io.scalableapi.gateway.support.UpstreamServers;
import java.util.ArrayList;
import java.util.List;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The "flaky" test upstream: a real server told to fail. Its circuit opens after 4 calls with half of them failing, stays
 * open 2 s, and closes after one good trial call; GET retries twice.
 */
@QuarkusTest
@QuarkusTestResource(UpstreamServers.class)
class UpstreamFaultToleranceResourceTest {

    /** Metrics are on the management interface. */
    @Inject
    HttpServer server;

    @BeforeEach
    @AfterEach
    void healthyUpstreamAndClosedCircuit() {
        UpstreamServers.flaky.mode.set("ok");
        try {
            CircuitBreakerMaintenance.get().reset("route-flaky");
        } catch (IllegalArgumentException notUsedYet) {
            // SmallRye registers the breaker at its first call: nothing to reset yet.
        }
    }

    @Test
    void aPostIsNeverRetriedButAGetIsRetriedOn503() {
        UpstreamServers.flaky.mode.set("503");
        int before = UpstreamServers.flaky.hits.get();
        given().body("{}").contentType("application/json").when().post("/api/v1/flaky/orders")
                .then().statusCode(503);
        assertEquals(before + 1, UpstreamServers.flaky.hits.get(), "a POST reaches the upstream exactly once");

        before = UpstreamServers.flaky.hits.get();
        given().when().get("/api/v1/flaky/orders").then().statusCode(503);
        assertEquals(before + 3, UpstreamServers.flaky.hits.get(), "a GET is tried once and retried twice");
    }

    @Test
    void everyAttemptIsItsOwnClientSpanInTheClientsTrace() throws InterruptedException {
        UpstreamServers.flaky.mode.set("503");
        String traceId = RecordedSpans.newTraceId();
        String clientSpan = RecordedSpans.newSpanId();
        List<String> seen = new ArrayList<>(UpstreamServers.flaky.traceparents);
        given().header("traceparent", "00-" + traceId + "-" + clientSpan + "-01")
                .when().get("/api/v1/flaky/orders").then().statusCode(503);
        List<String> received = new ArrayList<>(UpstreamServers.flaky.traceparents);
        received.subList(0, seen.size()).clear();

        List<SpanData> spans = RecordedSpans.ofTrace(traceId, 4, Duration.ofSeconds(20));
        List<SpanData> servers = spans.stream().filter(s -> s.getKind() == SpanKind.SERVER).toList();
        assertEquals(1, servers.size(), "one server span for the request: " + spans);
        SpanData server = servers.get(0);
        assertEquals(clientSpan, server.getParentSpanId(), "the client's trace is continued");
        assertEquals("GET flaky", server.getName());
        assertEquals(503L, server.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
        List<SpanData> attempts = spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT)
                .sorted(java.util.Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
        assertEquals(3, attempts.size(), "the attempt and its two retries: " + spans);
        for (int i = 0; i < attempts.size(); i++) {
            SpanData attempt = attempts.get(i);
            assertEquals(server.getSpanId(), attempt.getParentSpanId());
            assertEquals(503L, attempt.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
            assertEquals(i == 0 ? null : (long) i,
                    attempt.getAttributes().get(AttributeKey.longKey("http.request.resend_count")));
            // What the upstream received on attempt i is that attempt's own span context: one mechanism, no second id.
            assertEquals("00-" + traceId + "-" + attempt.getSpanId() + "-01", received.get(i));
        }
        assertEquals(3, received.size(), "the upstream saw exactly the three attempts: " + received);
    }

    @Test
    void aGetIsNotRetriedWhenThe503SaysWhenToComeBack() {
        UpstreamServers.flaky.mode.set("503-retry-after");
        int before = UpstreamServers.flaky.hits.get();
        given().when().get("/api/v1/flaky/orders").then().statusCode(503).header("Retry-After", "5");
        assertEquals(before + 1, UpstreamServers.flaky.hits.get(), "the upstream's Retry-After is passed on, not ignored");
    }

    @Test
    void a503ThatSaysWhenToComeBackDoesNotOpenTheCircuit() {
        UpstreamServers.flaky.mode.set("503-retry-after");
        for (int i = 0; i < 8; i++) {
            given().when().get("/api/v1/flaky/orders").then().statusCode(503).header("Retry-After", "5");
        }
        assertEquals(CircuitBreakerState.CLOSED, CircuitBreakerMaintenance.get().currentState("route-flaky"),
                "the upstream answered; what it depends on is away, and its other answers still come");
    }

    @Test
    void anUnreachableUpstreamIs502() {
        given().when().get("/api/v1/dead/x")
                .then().statusCode(502)
                .contentType("application/problem+json")
                .body("type", equalTo("https://scalableapi.io/problems/bad-gateway"))
                .body("detail", equalTo("The dead service could not be reached"));
    }

    @Test
    void theCircuitOpensOnFailuresAndClosesWhenTheUpstreamRecovers() throws InterruptedException {
        UpstreamServers.flaky.mode.set("close");
        for (int i = 0; i < 4; i++) {
            given().when().get("/api/v1/flaky/x").then().statusCode(502)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://scalableapi.io/problems/bad-gateway"));
        }
        int before = UpstreamServers.flaky.hits.get();
        given().when().get("/api/v1/flaky/x")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "2")
                .body("type", equalTo("https://scalableapi.io/problems/service-unavailable"));
        assertEquals(before, UpstreamServers.flaky.hits.get(), "an open circuit does not call the upstream");
        assertEquals(CircuitBreakerState.OPEN, CircuitBreakerMaintenance.get().currentState("route-flaky"));

        UpstreamServers.flaky.mode.set("ok");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        int status = 0;
        while (Instant.now().isBefore(deadline)) {
            status = given().when().get("/api/v1/flaky/x").then().extract().statusCode();
            if (status == 200) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals(200, status, "the circuit closed again once the upstream answered");
        assertEquals(CircuitBreakerState.CLOSED, CircuitBreakerMaintenance.get().currentState("route-flaky"));
        given().port(server.getManagementPort()).when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("gateway_upstream_circuit_state{route=\"flaky\",upstream=\"flaky\"}"));
    }
}
