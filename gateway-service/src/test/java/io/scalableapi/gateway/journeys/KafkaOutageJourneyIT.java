package io.scalableapi.gateway.journeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scalableapi.contracts.catalog.CatalogEventTypes;
import io.scalableapi.contracts.events.Topics;
import io.scalableapi.contracts.user.UserEventTypes;
import io.scalableapi.gateway.support.KeycloakUsers;
import io.scalableapi.gateway.support.Tokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Kafka goes down while people write: 500 catalog writes and 50 registrations go through the gateway, the broker stays
 * down 30 s, then comes back. Every write either succeeded or failed visibly to its client; once Kafka is back, every
 * successful write's event is on its topic exactly once, and cache-service applied each once.
 */
@ExtendWith(RunningPlatform.class)
class KafkaOutageJourneyIT {
    private static final int PRODUCT_WRITES = 500;
    private static final int REGISTRATIONS = 50;
    /** admin's tier (plan pro) refills 50 a second: writes are paced below it so none meets the rate limit. */
    private static final long WRITE_SPACING_MS = 25;
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    @Test
    void writesDuringAKafkaOutageArePublishedAndAppliedExactlyOnce() throws Exception {
        String category = Journey.category("Kafka outage");
        String admin = Tokens.of("admin");
        String bob = Tokens.of("bob");
        Map<TopicPartition, Long> from = EventLog.endOffsets(Topics.CATALOG_EVENTS, Topics.USER_EVENTS);

        Map<String, String> products = new ConcurrentHashMap<>();   // id -> sku
        Map<String, String> users = new ConcurrentHashMap<>();      // id -> username
        Map<String, Integer> productAnswers = new ConcurrentHashMap<>();
        Map<String, Integer> registrationAnswers = new ConcurrentHashMap<>();
        List<String> invisible = Collections.synchronizedList(new ArrayList<>());

        long downAt;
        long recoveredAt;
        InfraComponent.KAFKA.down();
        downAt = System.nanoTime();
        try {
            ExecutorService pool = Executors.newFixedThreadPool(6);
            AtomicInteger next = new AtomicInteger();
            long start = System.nanoTime();
            for (int t = 0; t < 4; t++) {
                pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < PRODUCT_WRITES; i = next.getAndIncrement()) {
                        pauseUntil(start + TimeUnit.MILLISECONDS.toNanos(i * WRITE_SPACING_MS));
                        String sku = Journey.unique("kafka-down-" + i);
                        var answer = TimedClient.send("POST", "/api/v1/products", admin, TimedClient.json(Map.of(
                                "sku", sku, "name", "Written while Kafka is down " + i, "description", "fault journey",
                                "price", new java.math.BigDecimal("9.99"), "currency", "EUR", "stockQuantity", 3, "categoryId", category,
                                "status", "ACTIVE", "attributes", Map.of("colour", "red"))),
                                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
                        productAnswers.merge(String.valueOf(answer.status()), 1, Integer::sum);
                        if (answer.status() == 201) {
                            products.put(id(answer), sku);
                        } else if (!(answer.status() >= 400 && answer.isProblem())) {
                            invisible.add("POST product -> " + answer.status() + " " + answer.body());
                        }
                    }
                    return null;
                });
            }
            AtomicInteger nextUser = new AtomicInteger();
            for (int t = 0; t < 2; t++) {
                pool.submit(() -> {
                    for (int i = nextUser.getAndIncrement(); i < REGISTRATIONS; i = nextUser.getAndIncrement()) {
                        String username = Journey.unique("kafkadown" + i);
                        // With bob's token the registration policy gives the pro tier (RunningPlatform): 50 fit.
                        var answer = TimedClient.send("POST", "/api/v1/users/registrations", bob,
                                TimedClient.json(Map.of("username", username, "email", username + "@example.test",
                                        "password", "journey-dev-password-" + i, "displayName", "Kafka Down " + i,
                                        "locale", "en")), Map.of());
                        registrationAnswers.merge(String.valueOf(answer.status()), 1, Integer::sum);
                        // 202 names no account (it must not tell who is registered): Keycloak does.
                        var account = answer.status() == 202 ? KeycloakUsers.idOf(username) : java.util.Optional.<String>empty();
                        if (account.isPresent()) {
                            users.put(account.get(), username);
                        } else if (answer.status() == 202) {
                            invisible.add("POST registration -> 202 but no account for " + username);
                        } else if (!(answer.status() >= 400 && answer.isProblem())) {
                            invisible.add("POST registration -> " + answer.status() + " " + answer.body());
                        }
                    }
                    return null;
                });
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(3, TimeUnit.MINUTES), "the writes ended within 3 minutes");
            pauseUntil(downAt + OUTAGE.toNanos());
        } finally {
            InfraComponent.KAFKA.up();
            recoveredAt = System.nanoTime();
        }
        System.out.printf("[kafka-outage] products %s, registrations %s, down %d s%n", new TreeMap<>(productAnswers),
                new TreeMap<>(registrationAnswers), TimeUnit.NANOSECONDS.toSeconds(recoveredAt - downAt));

        assertEquals(List.of(), invisible, "every write succeeded or failed visibly (problem+json)");
        // The outbox keeps writes independent of Kafka: none of them needs the broker.
        assertEquals(PRODUCT_WRITES, products.size(), "product writes accepted while Kafka is down " + productAnswers);
        assertEquals(REGISTRATIONS, users.size(), "registrations accepted while Kafka is down " + registrationAnswers);

        // Every accepted write's event reaches Kafka once the broker is back (the relay backs off up to 10 s).
        Set<String> productIds = products.keySet();
        Set<String> userIds = users.keySet();
        List<EventLog.Event> events = EventLog.read(from, read -> {
            Set<String> seen = read.stream().map(EventLog.Event::key).collect(Collectors.toSet());
            return seen.containsAll(productIds) && seen.containsAll(userIds);
        }, Duration.ofMinutes(2));
        long deliveredAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - recoveredAt);

        Map<String, List<EventLog.Event>> created = events.stream()
                .filter(e -> CatalogEventTypes.PRODUCT_CREATED.equals(e.type()) && productIds.contains(e.key())
                        || UserEventTypes.REGISTERED.equals(e.type()) && userIds.contains(e.key()))
                .collect(Collectors.groupingBy(EventLog.Event::key));
        long delivered = created.size();
        long lost = productIds.size() + userIds.size() - delivered;
        long duplicates = created.values().stream().mapToLong(l -> l.size() - 1).sum();
        Map<String, Long> idCounts = events.stream().collect(Collectors.groupingBy(EventLog.Event::id, Collectors.counting()));
        long duplicateIds = idCounts.values().stream().filter(c -> c > 1).count();

        // cache-service consumed them (its own consumer group): one ledger row per event, none left pending.
        List<String> eventIds = created.values().stream().map(l -> l.get(0).id()).toList();
        var ledger = new java.util.concurrent.atomic.AtomicReference<Map<String, String>>(Map.of());
        Journey.eventually(120_000, () -> "cache-service applied every delivered event: " + ledger.get().size() + " of "
                + eventIds.size() + " in its ledger, " + ledger.get().values().stream().filter("PENDING"::equals).count()
                + " pending\n" + RunningPlatform.get().cache.state("records_lag", "cache_events"), () -> {
            ledger.set(EventLog.ledgerOutcomes(eventIds));
            return ledger.get().size() == eventIds.size() && !ledger.get().containsValue("PENDING");
        });
        long appliedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - recoveredAt);
        Map<String, Long> outcomes = ledger.get().values().stream()
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));

        Figures.record("1 Kafka down during writes", String.format(
                "writes ok %d/%d products, %d/%d registrations; events delivered %d/%d within %d ms of Kafka's return; "
                        + "duplicates %d (same event id twice: %d); lost %d; cache-service ledger %s within %d ms",
                products.size(), PRODUCT_WRITES, users.size(), REGISTRATIONS, delivered, productIds.size() + userIds.size(),
                deliveredAfterMs, duplicates, duplicateIds, lost, outcomes, appliedAfterMs));

        assertEquals(0, lost, "every accepted write's event is on Kafka");
        assertEquals(0, duplicates, "no write's event is on Kafka twice " + created.entrySet().stream()
                .filter(e -> e.getValue().size() > 1).limit(5).toList());
        assertEquals(0, duplicateIds, "no event id is on Kafka twice");
        assertTrue(outcomes.keySet().stream().allMatch(o -> Set.of("APPLIED", "IGNORED", "STALE").contains(o)),
                "cache-service's outcomes " + outcomes);
        assertEquals(0, outcomes.getOrDefault("STALE", 0L), "no first event of an aggregate is stale");
    }

    private static String id(TimedClient.Answer answer) {
        Matcher m = ID.matcher(answer.body());
        if (!m.find()) {
            throw new AssertionError("no id in " + answer.body());
        }
        return m.group(1);
    }

    private static void pauseUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            ServiceProcess.sleep(TimeUnit.NANOSECONDS.toMillis(wait));
        }
    }
}
