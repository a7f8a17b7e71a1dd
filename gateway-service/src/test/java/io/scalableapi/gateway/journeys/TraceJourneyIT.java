package io.scalableapi.gateway.journeys;

import static io.scalableapi.gateway.journeys.Journey.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A product write through the gateway is one trace in Zipkin (scripts/infra.sh's zipkin, where every service exports):
 * the gateway's server span and its attempt at catalog-service, catalog-service's request and its database work, the
 * outbox relay's publish to Kafka, and cache-service's handling of the event. The journey sends its own sampled
 * {@code traceparent}, so it knows the trace id to ask Zipkin for, and the services' sampling ratio does not matter
 * (parent-based: a sampled parent is continued).
 */
@ExtendWith(RunningPlatform.class)
class TraceJourneyIT {

    private static final String ZIPKIN = System.getProperty("zipkin.url", "http://127.0.0.1:9411");
    /**
     * The batch span processors export every 5 s and the relay polls every second, but cache-service's consumer group of
     * a journey run starts at the topic's beginning: the event waits behind whatever backlog the topic holds.
     */
    private static final long BOUND_MS = 180_000;

    @Test
    void aProductWriteIsOneTraceFromTheGatewayThroughKafkaToCacheService() {
        String traceId = hex(32);
        String category = Journey.category("Traced");
        as("admin").contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .header("traceparent", "00-" + traceId + "-" + hex(16) + "-01")
                .body(Journey.productBody(category, Journey.unique("traced"), "Traced", "3.50"))
                .post("/api/v1/products").then().statusCode(201);

        AtomicReference<List<Map<String, Object>>> trace = new AtomicReference<>(List.of());
        Journey.eventually(BOUND_MS, () -> "Zipkin holds the whole trace " + traceId + " (last seen: " + summary(trace)
                + ")\n" + RunningPlatform.get().cache.state("records_lag", "cache_events"), () -> {
                    trace.set(fetch(traceId));
                    return complete(trace.get());
                });
        List<Map<String, Object>> spans = trace.get();
        for (Map<String, Object> span : spans) {
            assertEquals(traceId, span.get("traceId"), "every span is in the one trace");
        }
        Figures.record("trace of a product write through the gateway (Zipkin)", summary(trace));
    }

    /** What the trace must hold: each hop, as Zipkin stores it (service and span names lower-cased). */
    private static boolean complete(List<Map<String, Object>> spans) {
        return has(spans, "gateway-service", "SERVER", "post catalog")
                && has(spans, "gateway-service", "CLIENT", "post catalog")
                && has(spans, "catalog-service", "SERVER", null)
                && spans.stream().anyMatch(s -> "catalog-service".equals(service(s)) && "CLIENT".equals(s.get("kind"))
                        && tags(s).keySet().stream().anyMatch(k -> k.startsWith("db.")))
                && has(spans, "catalog-service", "PRODUCER", "catalog.events.v1 publish")
                && has(spans, "cache-service", "CONSUMER", "catalog.events.v1 process");
    }

    private static boolean has(List<Map<String, Object>> spans, String service, String kind, String name) {
        return spans.stream().anyMatch(s -> service.equals(service(s)) && kind.equals(s.get("kind"))
                && (name == null || name.equals(s.get("name"))));
    }

    private static List<Map<String, Object>> fetch(String traceId) {
        var response = RestAssured.given().baseUri(ZIPKIN).get("/api/v2/trace/" + traceId);
        if (response.statusCode() != 200) {
            return List.of();
        }
        return new JsonPath(response.asString()).getList("$");
    }

    private static String summary(AtomicReference<List<Map<String, Object>>> trace) {
        List<Map<String, Object>> spans = trace.get();
        TreeSet<String> services = new TreeSet<>();
        TreeSet<String> names = new TreeSet<>();
        for (Map<String, Object> s : spans) {
            services.add(service(s));
            names.add(service(s) + ": " + s.get("kind") + " " + s.get("name"));
        }
        return spans.size() + " spans, services " + services + "; " + names;
    }

    private static String service(Map<String, Object> span) {
        Object endpoint = span.get("localEndpoint");
        return endpoint instanceof Map<?, ?> e ? String.valueOf(e.get("serviceName")) : "?";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tags(Map<String, Object> span) {
        Object tags = span.get("tags");
        return tags instanceof Map<?, ?> ? (Map<String, Object>) tags : Map.of();
    }

    private static String hex(int digits) {
        StringBuilder b = new StringBuilder("f");
        ThreadLocalRandom r = ThreadLocalRandom.current();
        while (b.length() < digits) {
            b.append(Character.forDigit(r.nextInt(16), 16));
        }
        return b.toString();
    }
}
