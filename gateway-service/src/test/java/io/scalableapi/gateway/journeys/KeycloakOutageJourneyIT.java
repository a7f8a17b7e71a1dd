package io.scalableapi.gateway.journeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scalableapi.gateway.support.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * Keycloak goes down. Requests with valid, unexpired tokens keep succeeding (the services hold the realm's keys);
 * what needs Keycloak fails with a clear error: a login gets no token, a registration (user-service creates the account
 * through Keycloak's admin API) answers 503 problem+json. Nothing answers 500. When Keycloak is back (restarted on its
 * own data, as a real restart is: same realm, same signing keys), new logins and registrations work again without
 * restarting any service.
 */
@ExtendWith(RunningPlatform.class)
class KeycloakOutageJourneyIT {
    private static final Duration OUTAGE = Duration.ofSeconds(15);

    record Sample(String what, TimedClient.Answer answer) {
    }

    @Test
    void validTokensKeepWorkingAndWhatNeedsKeycloakFailsClearly() {
        // Fresh tokens: they must outlive the outage (5 minutes in the realm).
        Tokens.forget();
        String bob = Tokens.of("bob");
        String admin = Tokens.of("admin");
        String category = Journey.category("Keycloak outage");
        List<Sample> samples = new ArrayList<>();
        String loginError;
        long upAt;
        InfraComponent.KEYCLOAK.down();
        long downAt = System.nanoTime();
        try {
            loginError = login("bob");
            int round = 0;
            while (System.nanoTime() - downAt < OUTAGE.toNanos()) {
                samples.add(new Sample("GET me (bob)", TimedClient.get("/api/v1/users/me", bob)));
                samples.add(new Sample("GET products", TimedClient.get("/api/v1/products?limit=5", null)));
                samples.add(new Sample("GET caches (admin)", TimedClient.get("/api/v1/cache/caches", admin)));
                String sku = Journey.unique("kc-down-" + round);
                samples.add(new Sample("POST product (admin)", TimedClient.send("POST", "/api/v1/products", admin,
                        TimedClient.json(Map.of("sku", sku, "name", "Written while Keycloak is down",
                                "price", new java.math.BigDecimal("1.50"), "currency", "EUR", "stockQuantity", 1,
                                "categoryId", category, "status", "ACTIVE")),
                        Map.of("Idempotency-Key", java.util.UUID.randomUUID().toString()))));
                String username = Journey.unique("kcdown" + round);
                samples.add(new Sample("POST registration", TimedClient.send("POST", "/api/v1/users/registrations", bob,
                        TimedClient.json(Map.of("username", username, "email", username + "@example.test",
                                "password", "journey-dev-password-" + round, "locale", "en")), Map.of())));
                round++;
                ServiceProcess.sleep(500);
            }
        } finally {
            InfraComponent.KEYCLOAK.up();
            upAt = System.nanoTime();
            // Later journeys start from fresh tokens, not from ones issued around the outage.
            Tokens.forget();
        }
        // New logins work again, and the services accept their tokens.
        Journey.eventually(60_000, "a new token works through the gateway",
                () -> TimedClient.get("/api/v1/users/me", Tokens.of("bob")).status() == 200);
        Journey.eventually(60_000, "registrations work again", () -> {
            String username = Journey.unique("kcback");
            return TimedClient.send("POST", "/api/v1/users/registrations", Tokens.of("bob"), TimedClient.json(Map.of(
                    "username", username, "email", username + "@example.test", "password",
                    "journey-dev-password-back", "locale", "en")), Map.of()).status() == 202;
        });
        long recoveredMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - upAt);

        Map<String, Map<Integer, Long>> counts = samples.stream().collect(Collectors.groupingBy(Sample::what,
                TreeMap::new, Collectors.groupingBy(s -> s.answer().status(), TreeMap::new, Collectors.counting())));
        long fiveHundreds = samples.stream().filter(s -> s.answer().status() == 500).count();
        Figures.record("4 Keycloak down", String.format("answers during %d s {status=count}: %s; 500s %d; login: %s; "
                + "new logins and registrations work %d ms after Keycloak was back", OUTAGE.toSeconds(), counts,
                fiveHundreds, loginError, recoveredMs));

        assertTrue(loginError != null, "a login gets no token while Keycloak is down");
        assertEquals(0, fiveHundreds, "nothing answers 500: " + counts);
        for (Sample s : samples) {
            var a = s.answer();
            switch (s.what()) {
                case "POST product (admin)" -> assertEquals(201, a.status(), s + "");
                case "POST registration" -> {
                    assertEquals(503, a.status(), "registration needs Keycloak's admin API: " + s);
                    assertTrue(a.isProblem(), "as problem+json: " + s);
                    assertTrue(a.header("Retry-After") != null, "with Retry-After: " + s);
                }
                default -> assertEquals(200, a.status(), "a valid token keeps working: " + s);
            }
        }
    }

    /** A password login at Keycloak; null when it issued a token, else what the client saw. */
    private static String login(String user) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(Tokens.REALM
                    + "/protocol/openid-connect/token")).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=platform-cli&username="
                            + user + "&password=" + user + "-dev-password")).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? null : "HTTP " + r.statusCode();
        } catch (java.io.IOException e) {
            return e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
