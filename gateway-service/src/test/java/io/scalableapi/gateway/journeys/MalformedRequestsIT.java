package io.scalableapi.gateway.journeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.scalableapi.gateway.journeys.MalformedRequestCorpus.Auth;
import io.scalableapi.gateway.journeys.MalformedRequestCorpus.Case;
import io.scalableapi.gateway.journeys.MalformedRequestCorpus.Service;
import io.scalableapi.gateway.support.Tokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A fixed-seed corpus of malformed requests (MalformedRequestCorpus) sent through the gateway and directly to the service
 * that owns each path: nothing may answer 5xx, and every error is problem+json.
 */
@ExtendWith(RunningPlatform.class)
class MalformedRequestsIT {

    private static final int PER_KIND = 12;
    private static final int JUNK_METHODS = 300;

    /** Requests, 4xx and 5xx of one target, and the cases that broke the rules. */
    private static final class Tally {
        int requests;
        int clientErrors;
        int serverErrors;
        int frameworkRejections;
        final List<String> violations = new ArrayList<>();
    }

    @Test
    void malformedRequestsNeverCauseA5xxAndAlwaysGetAProblem() {
        List<Case> corpus = MalformedRequestCorpus.generate(PER_KIND);
        assertTrue(corpus.size() >= 200, "a corpus of at least 200 requests, was " + corpus.size());
        assertEquals(fingerprint(corpus), fingerprint(MalformedRequestCorpus.generate(PER_KIND)),
                "the same seed gives the same corpus");
        RunningPlatform platform = RunningPlatform.get();
        // A person of the fuzz's own (a token signed with the dev-only key for a new subject), so that the other journeys'
        // people and budgets are not touched; plan pro keeps the gateway's limit out of the way.
        String fuzzUser = "fuzz-" + UUID.randomUUID().toString().substring(0, 8);
        AttackFixtures.prepareKeycloak();
        String userToken = AttackFixtures.devSigned("bob", claims -> {
            claims.setSubject(UUID.randomUUID().toString());
            claims.setClaim("preferred_username", fuzzUser);
            claims.setClaim("email", fuzzUser + "@example.test");
            claims.setClaim("name", "Fuzz Person");
        });
        Map<String, Tally> tallies = new LinkedHashMap<>();
        Map<String, Tally> numeralTallies = new LinkedHashMap<>();
        List<Case> numerals = MalformedRequestCorpus.numerals();
        Map<Service, String> direct = Map.of(Service.CATALOG, platform.catalog.url(), Service.USER, platform.user.url(),
                Service.CACHE, platform.cache.url());

        assertTimeoutPreemptively(Duration.ofMinutes(8), () -> {
            for (Case c : corpus) {
                String token = switch (c.auth()) {
                    case NONE -> null;
                    case USER -> userToken;
                    case ADMIN -> Tokens.of("admin");
                };
                send(tallies.computeIfAbsent("gateway", k -> new Tally()), platform.gateway(), c, token);
                send(tallies.computeIfAbsent(c.service().name().toLowerCase(), k -> new Tally()), direct.get(c.service()), c,
                        token);
            }
            // The numeral family in every numeric parameter and field (issue 17 item 1), tallied on its own.
            for (Case c : numerals) {
                String token = switch (c.auth()) {
                    case NONE -> null;
                    case USER -> userToken;
                    case ADMIN -> Tokens.of("admin");
                };
                send(numeralTallies.computeIfAbsent("gateway", k -> new Tally()), platform.gateway(), c, token);
                send(numeralTallies.computeIfAbsent(c.service().name().toLowerCase(), k -> new Tally()),
                        direct.get(c.service()), c, token);
            }
        });

        List<String> violations = new ArrayList<>();
        tallies.forEach((target, t) -> {
            Figures.record("fuzz: " + corpus.size() + " malformed requests (seed " + MalformedRequestCorpus.SEED + ") -> "
                    + target, t.requests + " requests / " + t.clientErrors + " 4xx / " + t.serverErrors + " 5xx / "
                            + t.violations.size() + " not problem+json or 5xx (+ " + t.frameworkRejections
                            + " of the 4xx: the HTTP layer's bare 400/413/414/431 or CORS 403 before any route, known)");
            t.violations.forEach(v -> violations.add(target + ": " + v));
        });
        numeralTallies.forEach((target, t) -> {
            Figures.record("fuzz numeral family: " + MalformedRequestCorpus.NUMERALS.size()
                    + " numerals x every numeric parameter and field (" + numerals.size() + " cases) -> " + target,
                    t.requests + " requests / " + t.clientErrors + " 4xx / " + t.serverErrors + " 5xx / "
                            + t.violations.size() + " not problem+json or 5xx");
            t.violations.forEach(v -> violations.add("numerals " + target + ": " + v));
        });
        assertTrue(violations.isEmpty(), violations.size() + " responses broke the rules:\n"
                + String.join("\n", violations.subList(0, Math.min(40, violations.size()))));
    }

    /**
     * The junk-method family (issue 17 item 2) through the gateway: methods it does not forward, invented or not, on
     * routed paths of every service, with and without tokens. Each is refused with 405 problem+json before routing, none
     * reaches a service, and the gateway's /q/metrics keeps its request series: before the fix the gateway tagged a
     * timer with whatever method the client wrote, so each new method added a histogram (~76 lines) for good.
     */
    @Test
    void junkMethodsAreRefusedAndLeaveTheMetersBounded() {
        List<Case> junk = MalformedRequestCorpus.junkMethods(JUNK_METHODS);
        assertEquals(fingerprint(junk), fingerprint(MalformedRequestCorpus.junkMethods(JUNK_METHODS)),
                "the same seed gives the same family");
        RunningPlatform platform = RunningPlatform.get();
        String metrics = platform.gateway.managementUrl() + "/q/metrics";
        List<String> before = metricLines(metrics);
        Tally tally = new Tally();
        int refused = 0;
        List<String> violations = new ArrayList<>();
        for (Case c : junk) {
            String token = switch (c.auth()) {
                case NONE -> null;
                case USER -> Tokens.of("alice");
                case ADMIN -> Tokens.of("admin");
            };
            List<String[]> headers = new ArrayList<>(c.headers());
            if (token != null) {
                headers.add(new String[] {"Authorization", "Bearer " + token});
            }
            RawExchange.Response r = RawExchange.send(RawExchange.port(platform.gateway()),
                    RawExchange.request(c.method(), c.target(), headers, c.body()));
            tally.requests++;
            if (r.status() >= 500 || r.status() < 0) {
                tally.serverErrors++;
            }
            if (r.status() == 405 && r.isProblem() && r.header("allow") != null) {
                refused++;
            } else {
                violations.add(c.describe() + " -> " + r.status() + " " + r.contentType());
            }
        }
        List<String> after = metricLines(metrics);
        long requestSeriesBefore = before.stream().filter(l -> l.startsWith("gateway_requests_seconds")).count();
        long requestSeriesAfter = after.stream().filter(l -> l.startsWith("gateway_requests_seconds")).count();
        boolean bounded = requestSeriesAfter == requestSeriesBefore && after.size() - before.size() < 76;
        Figures.record("fuzz junk-method family: " + junk.size() + " methods the gateway does not forward (seed "
                + MalformedRequestCorpus.SEED + ") -> gateway", tally.requests + " requests, " + tally.serverErrors
                + " x 5xx, " + refused + " x 405 problem+json, meters " + (bounded ? "bounded" : "GREW") + " (/q/metrics "
                + before.size() + " -> " + after.size() + " lines, gateway_requests_seconds " + requestSeriesBefore + " -> "
                + requestSeriesAfter + ")");
        assertEquals(0, tally.serverErrors, "no 5xx: " + violations);
        assertTrue(violations.isEmpty(), violations.size() + " junk methods not refused with 405 problem+json: "
                + violations.subList(0, Math.min(20, violations.size())));
        assertEquals(requestSeriesBefore, requestSeriesAfter, "no request timer for a junk method");
        assertTrue(after.size() - before.size() < 76, "/q/metrics grew from " + before.size() + " to " + after.size()
                + " lines: less than one histogram, whatever the number of junk methods");
    }

    /**
     * KNOWN, NOT FIXED (reported): Quarkus and Vert.x refuse some requests before any route or exception mapper runs, with
     * an empty body and a closed connection - a request target that is not a valid URI (400, Quarkus' root handler), a
     * Content-Length above quarkus.http.limits.max-body-size (413, same handler; the gateway itself answers its own
     * per-route limit with a problem), a request line over max-initial-line-length (414) or headers over max-header-size
     * (431, Vert.x's default invalid-request handler). Neither framework offers a hook for those answers. They are counted
     * in the figure on their own; only exactly that signature is let through, anything else must be problem+json. Also
     * Quarkus' CORS filter, which refuses an Origin the gateway does not allow with an empty "403 CORS Rejected" (a
     * browser never shows a refused cross-origin answer to the page; clients without Origin never meet it).
     */
    static boolean isFrameworkRejection(RawExchange.Response r) {
        boolean closes = "close".equalsIgnoreCase(r.header("connection")) || r.raw().startsWith("HTTP/1.0");
        boolean corsRefusal = r.status() == 403 && r.raw().startsWith("HTTP/1.1 403 CORS Rejected");
        return r.body().length == 0 && (corsRefusal || java.util.Set.of(400, 413, 414, 431).contains(r.status()) && closes);
    }

    /** The lines of a Prometheus scrape. */
    private static List<String> metricLines(String url) {
        try {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), url);
            return r.body().lines().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> fingerprint(List<Case> corpus) {
        return corpus.stream().map(c -> c.describe() + " " + c.headers().stream().map(h -> h[0] + "=" + h[1]).toList() + " "
                + (c.body() == null ? "-" : java.util.Arrays.hashCode(c.body()))).toList();
    }

    private static void send(Tally tally, String baseUrl, Case c, String token) {
        List<String[]> headers = new ArrayList<>(c.headers());
        if (token != null) {
            headers.add(new String[] {"Authorization", "Bearer " + token});
        }
        RawExchange.Response r = RawExchange.send(RawExchange.port(baseUrl),
                RawExchange.request(c.method(), c.target(), headers, c.body()));
        tally.requests++;
        if (r.status() >= 400 && r.status() < 500) {
            tally.clientErrors++;
        } else if (r.status() >= 500) {
            tally.serverErrors++;
        }
        if (r.status() >= 400 && r.status() < 500 && isFrameworkRejection(r)) {
            tally.frameworkRejections++;
            return;
        }
        if (r.status() < 0 || r.status() >= 500 || r.status() >= 400 && !r.isProblem()) {
            String head = r.raw().length() > 300 ? r.raw().substring(0, 300) : r.raw();
            tally.violations.add(c.describe() + " -> " + r.status() + " " + r.contentType() + " | "
                    + head.replace("\r\n", " / "));
        }
    }
}
