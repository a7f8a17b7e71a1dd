package io.scalableapi.gateway.journeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.scalableapi.gateway.support.Tokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Infinispan goes down. Product and profile reads still answer 200 with the right content, from PostgreSQL, and a
 * change made during the outage is what readers see; the rate limiter follows each policy's declared mode (standard
 * fail-open: reads pass; registration fail-closed: 503 problem+json); once the limiter's breaker is open no request
 * waits anywhere near a client's timeout; when Infinispan is back, everything works again without a restart.
 */
@ExtendWith(RunningPlatform.class)
class InfinispanOutageJourneyIT {
    /** Once the breakers are open: far below the gateway's 5 s upstream timeout and the clients' 10 s. */
    private static final long BOUND_ONCE_OPEN_MS = 2_000;
    /** The gateway's limiter breaker needs a few failed decisions (4) and the Hot Rod clients a few failed calls. */
    private static final Duration SETTLE = Duration.ofSeconds(5);
    private static final Duration OUTAGE = Duration.ofSeconds(20);

    record Sample(String what, long sinceDownMs, TimedClient.Answer answer) {
    }

    @Test
    void readsStayCorrectAndTheLimiterFollowsEachPolicysMode() {
        String category = Journey.category("Infinispan outage");
        String sku = Journey.unique("ispn");
        String product = Journey.product(category, sku, "10.00");
        String bob = Tokens.of("bob");
        String admin = Tokens.of("admin");
        String etag = Journey.anonymous().get("/api/v1/products/" + product).then().statusCode(200).extract().header("ETag");
        String bobsEmail = Journey.as("bob").get("/api/v1/users/me").then().statusCode(200).extract().path("email");

        List<Sample> samples = new ArrayList<>();
        long downAt;
        long upAt;
        InfraComponent.INFINISPAN.down();
        downAt = System.nanoTime();
        try {
            // A change while the cache is away: readers must see it (no stale copy served, none left behind).
            var changed = TimedClient.send("PUT", "/api/v1/products/" + product, admin, TimedClient.json(Map.of(
                    "sku", sku, "name", "Product " + sku, "description", "made by a journey",
                    "price", new java.math.BigDecimal("11.00"), "currency", "EUR", "stockQuantity", 5,
                    "categoryId", category, "status", "ACTIVE", "attributes", Map.of("colour", "green"))),
                    Map.of("If-Match", etag));
            samples.add(new Sample("PUT product", ms(downAt), changed));
            int round = 0;
            while (System.nanoTime() - downAt < OUTAGE.toNanos()) {
                samples.add(new Sample("GET product", ms(downAt), TimedClient.get("/api/v1/products/" + product, null)));
                samples.add(new Sample("GET me", ms(downAt), TimedClient.get("/api/v1/users/me", bob)));
                samples.add(new Sample("GET categories", ms(downAt), TimedClient.get("/api/v1/categories", null)));
                if (round++ % 4 == 0) {
                    String username = Journey.unique("ispndown");
                    samples.add(new Sample("POST registration", ms(downAt), TimedClient.send("POST",
                            "/api/v1/users/registrations", round % 8 == 1 ? bob : null, TimedClient.json(Map.of(
                                    "username", username, "email", username + "@example.test",
                                    "password", "journey-dev-password-" + round, "locale", "en")), Map.of())));
                }
                ServiceProcess.sleep(200);
            }
        } finally {
            InfraComponent.INFINISPAN.up();
            upAt = System.nanoTime();
        }
        // Back: the services' caches and the gateway's limiter use the server again without being restarted.
        Journey.eventually(90_000, "registrations are decided by the limiter again (not 503)", () -> {
            String username = Journey.unique("ispnback");
            var r = TimedClient.send("POST", "/api/v1/users/registrations", bob, TimedClient.json(Map.of("username",
                    username, "email", username + "@example.test", "password", "journey-dev-password-back",
                    "locale", "en")), Map.of());
            return r.status() == 202;
        });
        long recoveredMs = ms(upAt);
        Journey.eventually(60_000, "every service is ready again", () -> List.of(RunningPlatform.get().catalog,
                RunningPlatform.get().user, RunningPlatform.get().cache, RunningPlatform.get().gateway).stream()
                .allMatch(s -> TimedClient.status(s.managementUrl() + "/q/health/ready") == 200));
        var after = TimedClient.get("/api/v1/products/" + product, null);

        Map<String, Map<Integer, Long>> counts = samples.stream().collect(Collectors.groupingBy(Sample::what,
                TreeMap::new, Collectors.groupingBy(s -> s.answer().status(), TreeMap::new, Collectors.counting())));
        Map<String, Long> slowest = samples.stream().collect(Collectors.groupingBy(Sample::what, TreeMap::new,
                Collectors.reducing(0L, s -> s.answer().millis(), Math::max)));
        Map<String, Long> slowestSettled = samples.stream().filter(s -> s.sinceDownMs() > SETTLE.toMillis())
                .collect(Collectors.groupingBy(Sample::what, TreeMap::new,
                        Collectors.reducing(0L, s -> s.answer().millis(), Math::max)));
        Figures.record("3 Infinispan down", String.format("answers during %d s {status=count}: %s; slowest ms %s, "
                + "after the first %d s %s; registrations decided again %d ms after Infinispan was back",
                OUTAGE.toSeconds(), counts, slowest, SETTLE.toSeconds(), slowestSettled, recoveredMs));

        assertEquals(200, samples.get(0).answer().status(), "a change during the outage: " + samples.get(0).answer().body());
        for (Sample s : samples.subList(1, samples.size())) {
            var a = s.answer();
            switch (s.what()) {
                case "GET product" -> {
                    assertEquals(200, a.status(), s + "");
                    assertTrue(a.body().contains("\"price\":11.0") && a.body().contains(product),
                            "the product as changed during the outage, from PostgreSQL: " + a.body());
                }
                case "GET me" -> {
                    assertEquals(200, a.status(), s + "");
                    assertTrue(a.body().contains(bobsEmail), "bob's own profile: " + a.body());
                }
                case "GET categories" -> assertEquals(200, a.status(), "standard policy fails open: " + s);
                default -> {
                    assertEquals(503, a.status(), "registration policy fails closed: " + s);
                    assertTrue(a.isProblem(), "as problem+json: " + s);
                }
            }
        }
        slowestSettled.forEach((what, ms) -> assertTrue(ms < BOUND_ONCE_OPEN_MS,
                what + " took " + ms + " ms once the breakers had opened"));
        assertEquals(200, after.status());
        assertTrue(after.body().contains("\"price\":11.0"), "no stale copy after Infinispan returned: " + after.body());
    }

    private static long ms(long sinceNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sinceNanos);
    }
}
