package io.scalableapi.gateway.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.http.HttpServer;
import io.scalableapi.gateway.support.MovableTokenCacheClock;
import io.scalableapi.gateway.support.Tokens;
import io.scalableapi.gateway.support.UpstreamServers;
import io.scalableapi.tokencache.TokenDigest;
import io.scalableapi.tokencache.VerifiedTokenCache;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway pays the signature check once per token: a token's second request is answered from the cache of verified
 * tokens (with the same roles and claims), a tampered token is never, and a cached token is not served past its exp.
 * Real tokens from the running Keycloak; hits and misses read from the cache's Micrometer counters.
 */
@QuarkusTest
@QuarkusTestResource(UpstreamServers.class)
class VerifiedTokenCacheResourceTest {

    /** Metrics are on the management interface. */
    @Inject
    HttpServer server;

    private static final Pattern EXP = Pattern.compile("\"exp\"\\s*:\\s*(\\d+)");

    @Inject
    MeterRegistry registry;

    @Inject
    MovableTokenCacheClock clock;

    @Inject
    VerifiedTokenCache cache;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    @Test
    void theSecondRequestWithATokenIsACacheHitWithTheVerifiedRolesAndClaims() {
        String admin = Tokens.fresh("admin");
        Counts before = counts();
        given().auth().oauth2(admin).when().get("/api/v1/cache/stats").then().statusCode(200);
        assertEquals(before.plus(0, 1), counts(), "first request: verified by quarkus-oidc");
        given().auth().oauth2(admin).when().get("/api/v1/cache/stats").then().statusCode(200);
        assertEquals(before.plus(1, 1), counts(), "second request: from the cache, admin role included");

        String alice = Tokens.fresh("alice");
        given().auth().oauth2(alice).when().get("/api/v1/users/me").then().statusCode(200);
        Counts verified = counts();
        given().auth().oauth2(alice).when().get("/api/v1/users/me")
                .then().statusCode(200)
                .header("RateLimit-Policy", startsWith("\"standard-free\""))
                .body("headers.authorization", equalTo("Bearer " + alice));
        given().auth().oauth2(alice).when().get("/api/v1/cache/stats")
                .then().statusCode(403).contentType("application/problem+json");
        assertEquals(verified.plus(2, 0), counts(), "a cached user is still not an admin; her plan claim still counts");

        given().port(server.getManagementPort()).when().get("/q/metrics").then().statusCode(200)
                .body(containsString("token_cache_hits_total"), containsString("token_cache_misses_total"),
                        containsString("token_cache_evictions_total{cause=\"size\""),
                        containsString("token_cache_size"));
    }

    @Test
    void aVerifiedTokenIsFoundWhereTheGatewaysShortCutLooksForIt() {
        String bob = Tokens.fresh("bob");
        assertNull(cache.peek(TokenDigest.of(bob), OidcUtils.DEFAULT_TENANT_ID), "not verified yet");
        given().auth().oauth2(bob).when().get("/api/v1/users/me").then().statusCode(200);
        assertNotNull(cache.peek(TokenDigest.of(bob), OidcUtils.DEFAULT_TENANT_ID),
                "AuthenticateStep answers the next request by this digest and tenant, past the security stack");
    }

    @Test
    void aTamperedTokenIs401AndNeverACacheHit() {
        String token = Tokens.fresh("alice");
        given().auth().oauth2(token).when().get("/api/v1/users/me").then().statusCode(200);
        String[] parts = token.split("\\.");
        String otherSignature = parts[0] + "." + parts[1] + "." + flipOneCharacter(parts[2]);
        String otherPlan = parts[0] + "." + reencode(parts[1], "\"plan\":\"free\"", "\"plan\":\"pro\"") + "." + parts[2];

        Map<String, String> tampered = Map.of("another signature", otherSignature, "another plan", otherPlan,
                "a character more", token + "x");
        tampered.forEach((how, forged) -> {
            for (int attempt = 0; attempt < 2; attempt++) {
                Counts before = counts();
                given().auth().oauth2(forged).when().get("/api/v1/users/me")
                        .then().statusCode(401).contentType("application/problem+json");
                assertEquals(before.plus(0, 1), counts(), how + ": never a hit, never cached");
            }
        });
        Counts before = counts();
        given().auth().oauth2(token).when().get("/api/v1/users/me").then().statusCode(200);
        assertEquals(before.plus(1, 0), counts(), "the genuine token is still the one cached");
    }

    @Test
    void aCachedTokenIsNotServedOnceItsExpHasPassed() {
        String token = Tokens.fresh("bob");
        long expMillis = expOf(token) * 1000;
        given().auth().oauth2(token).when().get("/api/v1/users/me").then().statusCode(200);

        clock.moveTo(expMillis - 5_000);
        Counts before = counts();
        given().auth().oauth2(token).when().get("/api/v1/users/me").then().statusCode(200);
        assertEquals(before.plus(1, 0), counts(), "served until its exp");

        clock.moveTo(expMillis);
        before = counts();
        // quarkus-oidc, on the real clock, still accepts the token: it verifies it again, the cache does not answer.
        given().auth().oauth2(token).when().get("/api/v1/users/me").then().statusCode(200);
        given().auth().oauth2(token).when().get("/api/v1/users/me").then().statusCode(200);
        assertEquals(before.plus(0, 2), counts(), "at exp: not served, and not cached again");
    }

    private record Counts(double hits, double misses) {
        Counts plus(int moreHits, int moreMisses) {
            return new Counts(hits + moreHits, misses + moreMisses);
        }
    }

    private Counts counts() {
        return new Counts(registry.get("token.cache.hits").counter().count(),
                registry.get("token.cache.misses").counter().count());
    }

    private static String flipOneCharacter(String signature) {
        int at = signature.length() / 2;
        char replacement = signature.charAt(at) == 'A' ? 'B' : 'A';
        return signature.substring(0, at) + replacement + signature.substring(at + 1);
    }

    private static String reencode(String payload, String from, String to) {
        String json = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
        if (!json.contains(from)) {
            throw new IllegalStateException("the token has no " + from + ": " + json);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.replace(from, to)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static long expOf(String token) {
        String json = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        Matcher m = EXP.matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no exp in " + json);
        }
        return Long.parseLong(m.group(1));
    }
}
