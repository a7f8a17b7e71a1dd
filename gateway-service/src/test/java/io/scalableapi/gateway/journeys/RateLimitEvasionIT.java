package io.scalableapi.gateway.journeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A limit cannot be raised by the client: not by a spoofed X-Forwarded-For (anonymous callers are keyed by address), not by
 * many connections at once, not by writing the path another way. Each test has a fresh budget of 10 (AttackFixtures'
 * gateway settings: the probe route's fail-closed policy, and the journeys-evasion tier that only tokens signed with the
 * dev-only key select), so nothing here touches the other journeys' budgets.
 */
@ExtendWith(RunningPlatform.class)
class RateLimitEvasionIT {

    private static final int LIMIT = 10;
    private static final String PROBE = "/api/v1/journeys-probe";

    @BeforeAll
    static void keycloakFixtures() {
        AttackFixtures.prepareKeycloak();
    }

    /** Passed the limiter (forwarded: any answer but 429, carrying the RateLimit header), limited (429), other. */
    private record Count(int passed, int limited, int other, List<String> others) {
    }

    @Test
    void spoofedForwardingHeadersDoNotGiveAnAnonymousClientANewBudget() {
        List<RawExchange.Response> responses = new ArrayList<>();
        for (int i = 0; i < 3 * LIMIT; i++) {
            String fake = "203.0.113." + (i + 1);
            responses.add(get(PROBE, null, List.of(new String[] {"X-Forwarded-For", fake}, new String[] {"X-Real-IP", fake},
                    new String[] {"Forwarded", "for=" + fake}, new String[] {"True-Client-IP", fake},
                    new String[] {"CF-Connecting-IP", fake}, new String[] {"X-Client-IP", fake})));
        }
        Count c = count(responses);
        Figures.record("rate limit: anonymous, 30 requests each with a new spoofed X-Forwarded-For/X-Real-IP/Forwarded "
                + "(limit " + LIMIT + ")", c.passed() + " passed / " + c.limited() + " limited 429 / " + c.other() + " other");
        assertEquals(LIMIT, c.passed(), "one budget for one client address, whatever the headers say " + c.others());
        assertEquals(2 * LIMIT, c.limited());
    }

    @Test
    void manyConnectionsAtOnceShareOneBudget() throws Exception {
        String token = freshToken("probe");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<RawExchange.Response>> futures = new ArrayList<>();
        try {
            // Every request on its own connection (Connection: close), 8 at a time.
            for (int i = 0; i < 4 * LIMIT; i++) {
                futures.add(pool.submit(() -> get(PROBE, token, List.of())));
            }
            List<RawExchange.Response> responses = new ArrayList<>();
            for (Future<RawExchange.Response> f : futures) {
                responses.add(f.get(60, TimeUnit.SECONDS));
            }
            Count c = count(responses);
            Figures.record("rate limit: one caller, 40 requests on 40 connections, 8 at a time (limit " + LIMIT + ")",
                    c.passed() + " passed / " + c.limited() + " limited 429 / " + c.other() + " other");
            assertTrue(c.passed() <= LIMIT, "more than the limit passed: " + c.passed());
            assertEquals(LIMIT, c.passed(), "the whole budget and no more " + c.others());
            assertEquals(3 * LIMIT, c.limited());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anotherSpellingOfThePathIsTheSameBudgetOrNoRouteAtAll() {
        String token = freshToken("journeys-evasion");
        List<String> variants = List.of("/api/v1/products", "/API/v1/products", "/api/v1/%70roducts", "//api/v1/products",
                "/api/v1/products/../products", "/api/v1/./products", "/api/v1/products?x=1", "/api/V1/products",
                "/%61pi/v1/products", "/api/v1/products;x=1", "/api/v1/products%2f", "/api/v1//products");
        List<RawExchange.Response> responses = new ArrayList<>();
        List<String> refusedUnlimited = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            for (String path : variants) {
                RawExchange.Response r = get(path, token, List.of());
                responses.add(r);
                if (r.header("ratelimit") == null) {
                    // Not counted: then it must not have been forwarded either - the gateway's own 404/400 problem.
                    if (!(r.status() == 404 || r.status() == 400) || !r.isProblem()) {
                        refusedUnlimited.add(path + " -> " + r.status() + " " + r.contentType());
                    }
                }
            }
        }
        Count c = count(responses);
        int uncounted = (int) responses.stream().filter(r -> r.header("ratelimit") == null).count();
        Figures.record("rate limit: " + variants.size() + " spellings of /api/v1/products x 5 rounds (limit " + LIMIT + ")",
                responses.size() + " requests / " + c.passed() + " passed / " + c.limited() + " limited 429 / " + uncounted
                        + " refused by the gateway without forwarding (404/400 problem)");
        assertTrue(refusedUnlimited.isEmpty(), "answered without being counted: " + refusedUnlimited);
        assertEquals(LIMIT, c.passed(), "all spellings that reach the catalog share one budget");
        assertTrue(c.limited() > 0);
    }

    /** A token for a new subject (so a new budget), signed with the dev-only key, selecting the given plan. */
    private static String freshToken(String plan) {
        return AttackFixtures.devSigned("bob", claims -> {
            claims.setSubject(UUID.randomUUID().toString());
            claims.setClaim("preferred_username", "evasion-" + UUID.randomUUID().toString().substring(0, 8));
            claims.setClaim("plan", plan);
        });
    }

    private static RawExchange.Response get(String rawPath, String token, List<String[]> headers) {
        List<String[]> all = new ArrayList<>(headers);
        if (token != null) {
            all.add(new String[] {"Authorization", "Bearer " + token});
        }
        return RawExchange.send(RawExchange.port(RunningPlatform.get().gateway()),
                RawExchange.request("GET", MalformedRequestCorpus.bytes(rawPath), all, null));
    }

    private static Count count(List<RawExchange.Response> responses) {
        int passed = 0;
        int limited = 0;
        List<String> others = new ArrayList<>();
        for (RawExchange.Response r : responses) {
            if (r.status() == 429) {
                limited++;
            } else if (r.header("ratelimit") != null && r.status() != 503) {
                passed++;
            } else {
                others.add(r.status() + " " + r.contentType());
            }
        }
        return new Count(passed, limited, others.size(), others);
    }
}
