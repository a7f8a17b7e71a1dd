package io.scalableapi.gateway.journeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scalableapi.contracts.events.Topics;
import io.scalableapi.gateway.support.TcpProxy;
import io.scalableapi.gateway.support.Tokens;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 17, item 11: cache-service's event consumer survives a dependency that stays away for two minutes, twice as
 * long as the messaging connector's 60 s limit on an unacknowledged record that once closed the consumer for good
 * (liveness DOWN, pods restarted in a loop, coherence stopped). Infinispan, then PostgreSQL, is taken away from
 * cache-service alone (its connections pass through relays; the shared servers keep serving everyone else) while
 * products are written through the gateway. Throughout, cache-service's liveness stays UP and the process runs; once
 * the dependency is back, consumption resumes by itself: every event written meanwhile is in cache-service's ledger,
 * none lost, none applied twice.
 */
@ExtendWith(RunningPlatform.class)
class ConsumerSurvivesLongOutageIT {
    private static final Duration OUTAGE = Duration.ofMinutes(2);
    /** One product write every this often during the outage: a dozen events wait for cache-service. */
    private static final long WRITE_EVERY_MS = 10_000;
    private static final Pattern APPLIED = Pattern.compile("cache_events_total\\{[^}]*outcome=\"applied\"[^}]*}\\s+(\\S+)");
    private static final java.net.http.HttpClient METRICS = java.net.http.HttpClient.newHttpClient();
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    @Test
    void infinispanAwayTwoMinutes() {
        survives("11 cache consumer, Infinispan away 2 min", RunningPlatform.get().cacheInfinispan);
    }

    @Test
    void postgresAwayTwoMinutes() {
        survives("11 cache consumer, PostgreSQL away 2 min", RunningPlatform.get().cacheDb);
    }

    private void survives(String figure, TcpProxy dependency) {
        RunningPlatform platform = RunningPlatform.get();
        ServiceProcess cache = platform.cache;
        String admin = Tokens.of("admin");
        // This platform's cache-service is known by its consumer group: other cache-service processes on this
        // machine may share the test database's ledger, never the group's committed offsets.
        String group = "cache-service-journeys-" + platform.runId;
        // Barrier: cache-service has caught up with everything before this journey (its group committed past the
        // category's event), so its count of applied events from here on is this journey's alone.
        String category = Journey.category(figure);
        Map<TopicPartition, Long> from = EventLog.endOffsets(Topics.CATALOG_EVENTS, Topics.USER_EVENTS);
        // A new consumer group reads the topics from the start: the first journey of a run may wait for a backlog.
        Journey.eventually(300_000, "cache-service caught up before the outage",
                () -> EventLog.committedUpTo(group, from));
        double appliedBefore = applied(cache);

        List<String> products = new ArrayList<>();
        int liveSamples = 0;
        List<String> notLive = new ArrayList<>();
        long cutAt;
        long restoredAt;
        dependency.cut();
        cutAt = System.nanoTime();
        try {
            long nextWrite = cutAt;
            while (System.nanoTime() - cutAt < OUTAGE.toNanos()) {
                if (System.nanoTime() >= nextWrite) {
                    products.add(create(admin, category));
                    nextWrite += TimeUnit.MILLISECONDS.toNanos(WRITE_EVERY_MS);
                }
                int live = TimedClient.status(cache.managementUrl() + "/q/health/live");
                liveSamples++;
                if (live != 200) {
                    notLive.add(ms(cutAt) + " ms: " + live);
                }
                ServiceProcess.sleep(1_000);
            }
        } finally {
            dependency.restore();
            restoredAt = System.nanoTime();
        }

        // Every event written since the offsets were taken (the products', the category's, and any other), as Kafka
        // has them; cache-service must have each in its ledger once it resumes, without being restarted.
        var events = EventLog.read(from, read -> read.stream().map(EventLog.Event::key).collect(Collectors.toSet())
                .containsAll(products), Duration.ofSeconds(60));
        List<String> eventIds = events.stream().map(EventLog.Event::id).distinct().toList();
        Map<TopicPartition, Long> until = EventLog.endOffsets(Topics.CATALOG_EVENTS, Topics.USER_EVENTS);
        var ledger = new java.util.concurrent.atomic.AtomicReference<Map<String, String>>(Map.of());
        boolean caughtUp = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            caughtUp = EventLog.committedUpTo(group, until);
            ledger.set(EventLog.ledgerOutcomes(eventIds));
            int live = TimedClient.status(cache.managementUrl() + "/q/health/live");
            liveSamples++;
            if (live != 200) {
                notLive.add(ms(cutAt) + " ms: " + live);
            }
            if (caughtUp && ledger.get().size() == eventIds.size() && !ledger.get().containsValue("PENDING")) {
                break;
            }
            ServiceProcess.sleep(1_000);
        }
        long consumedAfterMs = ms(restoredAt);
        Map<String, Long> outcomes = ledger.get().values().stream()
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
        // Lost: an event this cache-service has not finished (its group's commits stop short of it) or that has no
        // ledger row. The commits pass an event only once it was applied (or found applied already) and acknowledged.
        Map<TopicPartition, Long> committed = EventLog.committed(group, until.keySet());
        long lost = events.stream().filter(e -> e.offset() >= committed.get(new TopicPartition(e.topic(),
                e.partition())) || !ledger.get().containsKey(e.id())).map(EventLog.Event::id).distinct().count();
        // Applied twice: the ledger keeps one row per event id (its key; reading two fails); this process cannot
        // have applied more of them than the ledger records as applied.
        long appliedRows = outcomes.getOrDefault("APPLIED", 0L);
        long appliedTwice = Math.max(0, Math.round(applied(cache) - appliedBefore) - appliedRows);
        boolean alive = cache.isAlive();

        Figures.record(figure, String.format("events consumed after recovery %d/%d (this process's commits and the "
                + "ledger) within %d ms of the dependency's "
                + "return; liveness UP %d/%d samples during the outage and recovery; process never restarted: %s; "
                + "lost %d; applied twice %d; ledger %s", eventIds.size() - lost, eventIds.size(), consumedAfterMs,
                liveSamples - notLive.size(), liveSamples, alive, lost, appliedTwice, outcomes));

        assertEquals(List.of(), notLive, "cache-service stayed live throughout");
        assertTrue(alive, "cache-service kept running");
        assertTrue(products.size() >= 10, "products written during the outage: " + products.size());
        assertTrue(caughtUp, "this cache-service's group committed past every event written during the outage");
        assertEquals(0, lost, "every event written during the outage was consumed once it was back " + outcomes);
        assertTrue(!ledger.get().containsValue("PENDING"), "none left pending " + outcomes);
        assertEquals(0, appliedTwice, "no event applied twice " + outcomes);
    }

    private static String create(String admin, String category) {
        String sku = Journey.unique("outage");
        var answer = TimedClient.send("POST", "/api/v1/products", admin, TimedClient.json(Map.of("sku", sku,
                "name", "Written while cache-service's dependency is away", "description", "fault journey",
                "price", new BigDecimal("4.20"), "currency", "EUR", "stockQuantity", 2, "categoryId", category,
                "status", "ACTIVE", "attributes", Map.of("colour", "blue"))),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertEquals(201, answer.status(), "catalog-service does not depend on cache-service: " + answer.body());
        Matcher m = ID.matcher(answer.body());
        assertTrue(m.find(), answer.body());
        return m.group(1);
    }

    /** cache-service's own count of applied events ({@code cache_events_total{outcome="applied"}}). */
    private static double applied(ServiceProcess cache) {
        try {
            String metrics = METRICS.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(cache.managementUrl()
                    + "/q/metrics")).timeout(Duration.ofSeconds(10)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = APPLIED.matcher(metrics);
            return m.find() ? Double.parseDouble(m.group(1)) : 0;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cache-service's metrics did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long ms(long since) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }
}
