package io.scalableapi.gateway.journeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scalableapi.contracts.catalog.CatalogEventTypes;
import io.scalableapi.contracts.events.Topics;
import io.scalableapi.gateway.support.KeycloakUsers;
import io.scalableapi.gateway.support.Tokens;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PostgreSQL goes away from catalog-service and user-service for a while (their connections pass through relays that
 * this journey cuts; the machine's server itself keeps running). Reads of what is cached still answer 200; what needs
 * the database answers 503 problem+json, never 500 and never after the gateway's timeout; nothing is half-written (a
 * refused create can be retried with its Idempotency-Key and exists once, a refused change left the product as it was,
 * a refused registration left no Keycloak account behind); once the database is back, everything works again without
 * restarting a service.
 */
@ExtendWith(RunningPlatform.class)
class PostgresOutageJourneyIT {
    private static final Duration OUTAGE = Duration.ofSeconds(15);
    /** The gateway's upstream timeout: a 503 must come before it, not a 504 after it. */
    private static final long GATEWAY_TIMEOUT_MS = 5_000;

    record Sample(String what, TimedClient.Answer answer) {
    }

    @Test
    void readsFromCacheWritesRefusedCleanlyAndRecoveryWithoutRestart() {
        RunningPlatform platform = RunningPlatform.get();
        String category = Journey.category("PostgreSQL outage");
        String sku = Journey.unique("pg");
        String product = Journey.product(category, sku, "10.00");
        String admin = Tokens.of("admin");
        String bob = Tokens.of("bob");
        String etag = Journey.anonymous().get("/api/v1/products/" + product).then().statusCode(200).extract().header("ETag");
        Journey.as("bob").get("/api/v1/users/me").then().statusCode(200);
        Map<TopicPartition, Long> from = EventLog.endOffsets(Topics.CATALOG_EVENTS);

        String newSku = Journey.unique("pg-new");
        String createKey = UUID.randomUUID().toString();
        String createBody = productJson(newSku, category, "3.00");
        String username = Journey.unique("pgdown");
        String registration = TimedClient.json(Map.of("username", username, "email", username + "@example.test",
                "password", "journey-dev-password-pg", "locale", "en"));
        List<Sample> samples = new ArrayList<>();
        long restoredAt;
        platform.catalogDb.cut();
        platform.userDb.cut();
        long cutAt = System.nanoTime();
        try {
            while (System.nanoTime() - cutAt < OUTAGE.toNanos()) {
                samples.add(new Sample("GET cached product", TimedClient.get("/api/v1/products/" + product, null)));
                samples.add(new Sample("GET cached me", TimedClient.get("/api/v1/users/me", bob)));
                samples.add(new Sample("GET categories", TimedClient.get("/api/v1/categories", null)));
                samples.add(new Sample("POST product", TimedClient.send("POST", "/api/v1/products", admin, createBody,
                        Map.of("Idempotency-Key", createKey))));
                samples.add(new Sample("PUT product", TimedClient.send("PUT", "/api/v1/products/" + product, admin,
                        productJson(sku, category, "99.00"), Map.of("If-Match", etag))));
                samples.add(new Sample("POST registration", TimedClient.send("POST", "/api/v1/users/registrations", bob,
                        registration, Map.of())));
                ServiceProcess.sleep(500);
            }
        } finally {
            platform.catalogDb.restore();
            platform.userDb.restore();
            restoredAt = System.nanoTime();
        }
        Journey.eventually(60_000, "catalog reads from PostgreSQL again",
                () -> TimedClient.get("/api/v1/categories", null).status() == 200);
        long catalogBackMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restoredAt);

        // Nothing half-written, and the writes that were refused go through now, without a restart.
        var unchanged = TimedClient.get("/api/v1/products/" + product, null);
        var created = TimedClient.send("POST", "/api/v1/products", admin, createBody, Map.of("Idempotency-Key", createKey));
        var registered = TimedClient.send("POST", "/api/v1/users/registrations", bob, registration, Map.of());
        long recoveredMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restoredAt);

        Map<String, Map<Integer, Long>> counts = samples.stream().collect(Collectors.groupingBy(Sample::what,
                TreeMap::new, Collectors.groupingBy(s -> s.answer().status(), TreeMap::new, Collectors.counting())));
        Map<String, Long> slowest = samples.stream().collect(Collectors.groupingBy(Sample::what, TreeMap::new,
                Collectors.reducing(0L, s -> s.answer().millis(), Math::max)));
        Figures.record("5 PostgreSQL cut briefly", String.format("answers during %d s {status=count}: %s; slowest ms %s; "
                + "catalog reads again %d ms after the cut ended; refused create/registration retried: %d/%d",
                OUTAGE.toSeconds(), counts, slowest, catalogBackMs, created.status(), registered.status()));

        for (Sample s : samples) {
            var a = s.answer();
            if (s.what().startsWith("GET cached")) {
                assertEquals(200, a.status(), "a cached read needs no database: " + s);
            } else {
                assertEquals(503, a.status(), "what needs the database answers 503: " + s);
                assertTrue(a.isProblem(), "as problem+json: " + s);
            }
            assertTrue(a.millis() < GATEWAY_TIMEOUT_MS, "answered before the gateway's timeout: " + s);
        }
        assertEquals(200, unchanged.status());
        assertEquals(etag, unchanged.header("ETag"), "the refused change left the product as it was");
        assertTrue(unchanged.body().contains("\"price\":10.0"), unchanged.body());
        assertEquals(201, created.status(), "the refused create, retried with its key: " + created.body());
        assertEquals(202, registered.status(), registered.body());
        // 202 is also the answer for a taken username: the retry made the account only if the refused attempts left
        // none behind, and then the account has its profile.
        String userId = KeycloakUsers.idOf(username).orElseThrow(() -> new AssertionError("the retry made no account"));
        assertEquals(200, TimedClient.get("/api/v1/users/" + userId, admin).status(),
                "the refused registrations left no account behind: the retry's account has its profile");
        String newId = created.body().replaceAll("(?s).*?\"id\"\\s*:\\s*\"([0-9a-f-]{36})\".*", "$1");
        var events = EventLog.read(from, read -> read.stream().anyMatch(e -> newId.equals(e.key())), Duration.ofSeconds(60));
        assertEquals(1, events.stream().filter(e -> newId.equals(e.key())
                && CatalogEventTypes.PRODUCT_CREATED.equals(e.type())).count(), "the product was created once");
        // The product's own created event may be relayed after the offsets were taken (the outbox relay polls): only a
        // later event on it would be the refused change's.
        var changes = events.stream().filter(e -> product.equals(e.key())
                && !CatalogEventTypes.PRODUCT_CREATED.equals(e.type())).toList();
        assertEquals(List.of(), changes, "no event for the refused change");
        assertTrue(recoveredMs < 120_000);
    }

    private static String productJson(String sku, String category, String price) {
        return TimedClient.json(Map.of("sku", sku, "name", "Product " + sku, "description", "made by a journey",
                "price", new BigDecimal(price), "currency", "EUR", "stockQuantity", 5, "categoryId", category,
                "status", "ACTIVE", "attributes", Map.of("colour", "green")));
    }
}
