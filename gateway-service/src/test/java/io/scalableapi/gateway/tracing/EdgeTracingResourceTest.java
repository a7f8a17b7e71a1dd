package io.scalableapi.gateway.tracing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.scalableapi.gateway.support.RecordedSpans;
import io.scalableapi.gateway.support.UpstreamServers;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's trace context: what the upstream receives is the gateway's own span context, a sampling decision
 * travels on, and no request's trace context is left behind for the next request on the event loop.
 */
@QuarkusTest
@QuarkusTestResource(UpstreamServers.class)
class EdgeTracingResourceTest {

    @BeforeEach
    void healthyUpstream() {
        UpstreamServers.flaky.mode.set("ok");
        try {
            io.smallrye.faulttolerance.api.CircuitBreakerMaintenance.get().reset("route-flaky");
        } catch (IllegalArgumentException notUsedYet) {
            // SmallRye registers the breaker at its first call: nothing to reset yet.
        }
    }

    private static String forwardedTraceparent(String traceparent) {
        var request = given();
        if (traceparent != null) {
            request = request.header("traceparent", traceparent);
        }
        // The flaky test route: public and without a rate limit, so a test may send as many requests as it needs.
        return request.when().get("/api/v1/flaky/traced").then().statusCode(200).extract().path("headers.traceparent");
    }

    private static String traceIdOf(String traceparent) {
        return traceparent.split("-")[1];
    }

    @Test
    void aSampledClientTraceIsRecordedAsOneTraceFromTheServerSpanToTheAttempt() throws InterruptedException {
        String traceId = RecordedSpans.newTraceId();
        String forwarded = forwardedTraceparent("00-" + traceId + "-" + RecordedSpans.newSpanId() + "-01");
        List<SpanData> spans = RecordedSpans.ofTrace(traceId, 2, Duration.ofSeconds(20));
        SpanData server = spans.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
        SpanData attempt = spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT).findFirst().orElseThrow();
        assertEquals("GET flaky", server.getName());
        assertEquals(server.getSpanId(), attempt.getParentSpanId());
        assertEquals("00-" + traceId + "-" + attempt.getSpanId() + "-01", forwarded);
    }

    @Test
    void anUnsampledClientTraceGoesOnUnsampledAndIsNotExported() throws InterruptedException {
        String traceId = RecordedSpans.newTraceId();
        String forwarded = forwardedTraceparent("00-" + traceId + "-" + RecordedSpans.newSpanId() + "-00");
        assertTrue(forwarded.matches("00-" + traceId + "-[0-9a-f]{16}-00"), forwarded);
        // A sampled request after it, whose spans are exported: by then any of the unsampled one's would be too.
        String sampled = RecordedSpans.newTraceId();
        forwardedTraceparent("00-" + sampled + "-" + RecordedSpans.newSpanId() + "-01");
        assertEquals(2, RecordedSpans.ofTrace(sampled, 2, Duration.ofSeconds(20)).size());
        assertEquals(List.of(), RecordedSpans.ofTrace(traceId), "no span data for an unsampled request");
    }

    @Test
    void noRequestInheritsAnotherRequestsTrace() {
        // A traced request, then requests without a traceparent on the same connections and event loops: each starts
        // a trace of its own. A context left attached to the event loop would hand them the first one's trace.
        String traced = RecordedSpans.newTraceId();
        assertEquals(traced, traceIdOf(forwardedTraceparent("00-" + traced + "-" + RecordedSpans.newSpanId() + "-01")));
        Set<String> traceIds = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            String forwarded = forwardedTraceparent(null);
            assertTrue(forwarded.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]"), forwarded);
            assertNotEquals(traced, traceIdOf(forwarded));
            traceIds.add(traceIdOf(forwarded));
        }
        assertEquals(20, traceIds.size(), "every request without a traceparent starts its own trace");
    }

    @Test
    void aMalformedTraceparentStartsANewTrace() {
        String forwarded = forwardedTraceparent("00-not-a-trace-01");
        assertTrue(forwarded.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]"), forwarded);
    }
}
