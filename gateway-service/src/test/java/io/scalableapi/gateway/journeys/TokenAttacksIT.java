package io.scalableapi.gateway.journeys;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.scalableapi.gateway.support.Tokens;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every kind of bad token is refused with 401 problem+json, by the gateway and by each service on its own (the gateway is
 * not the only line of defence). The bad tokens carry the admin's claims, so accepting one would open admin routes. A
 * control token (the same claims, validly signed by a key the platform trusts) passes everywhere: the 401s are about the
 * token's flaw, not about the key or the route.
 */
@ExtendWith(RunningPlatform.class)
class TokenAttacksIT {

    private record Target(String name, Function<RequestSpecification, Response> call) {
    }

    @BeforeAll
    static void keycloakFixtures() {
        AttackFixtures.prepareKeycloak();
    }

    @Test
    void everyBadTokenIsRefusedWith401ByTheGatewayAndEachService() throws Exception {
        RunningPlatform platform = RunningPlatform.get();
        String missingCategory = "/api/v1/categories/" + UUID.randomUUID();
        List<Target> targets = List.of(
                new Target("gateway GET /users/me", s -> s.baseUri(platform.gateway()).get("/api/v1/users/me")),
                new Target("gateway GET /cache/caches", s -> s.baseUri(platform.gateway()).get("/api/v1/cache/caches")),
                new Target("gateway DELETE category", s -> s.baseUri(platform.gateway()).delete(missingCategory)),
                new Target("user GET /users/me", s -> s.baseUri(platform.user.url()).get("/api/v1/users/me")),
                new Target("catalog DELETE category", s -> s.baseUri(platform.catalog.url()).delete(missingCategory)),
                new Target("cache GET /cache/caches", s -> s.baseUri(platform.cache.url()).get("/api/v1/cache/caches")));

        // Control: the admin's claims, signed with the dev-only key the realm publishes. Accepted by everyone.
        String control = AttackFixtures.devSigned("admin", c -> { });
        for (Target t : targets) {
            int status = t.call().apply(given().auth().oauth2(control)).statusCode();
            assertTrue(status != 401 && status != 403 && status < 500, t.name() + " accepts the control token, was " + status);
        }

        Map<String, String> attacks = attackTokens();
        int requests = 0;
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, String> attack : attacks.entrySet()) {
            for (Target t : targets) {
                RequestSpecification spec = given();
                if (attack.getValue() != null) {
                    spec = spec.header("Authorization", attack.getValue());
                }
                Response r = t.call().apply(spec);
                requests++;
                String body = r.asString();
                if (r.statusCode() != 401 || !r.contentType().startsWith("application/problem+json")
                        || body.contains("admin@example.test") || body.contains("\"caches\"")) {
                    failures.add(attack.getKey() + " on " + t.name() + ": " + r.statusCode() + " " + r.contentType() + " "
                            + body.substring(0, Math.min(200, body.length())));
                }
            }
        }
        Figures.record("tokens: " + attacks.size() + " bad tokens x " + targets.size() + " targets (gateway, catalog, user, cache)",
                requests + " requests / " + (requests - failures.size()) + " answered 401 problem+json / " + failures.size()
                        + " otherwise; control token accepted by all " + targets.size());
        assertTrue(failures.isEmpty(), "Not refused with 401 problem+json:\n" + String.join("\n", failures));
    }

    /** Name -> Authorization header value (null: no header at all). */
    private static Map<String, String> attackTokens() throws Exception {
        String real = Tokens.of("admin");
        String[] parts = real.split("\\.");
        String realKid = headerOf(real).replaceAll(".*\"kid\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        long now = System.currentTimeMillis() / 1000;
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var otherKey = generator.generateKeyPair();

        Map<String, String> t = new LinkedHashMap<>();
        t.put("missing", null);
        t.put("malformed: not a JWT", bearer("not-a-jwt"));
        t.put("malformed: empty", "Bearer ");
        t.put("malformed: three garbage parts", bearer("a.b.c"));
        t.put("malformed: two parts", bearer(parts[0] + "." + parts[1]));
        t.put("malformed: truncated signature", bearer(real.substring(0, real.length() - 10)));
        t.put("malformed: wrong scheme", "Basic " + Base64.getEncoder().encodeToString(
                "admin:admin-dev-password".getBytes(StandardCharsets.UTF_8)));
        t.put("tampered claims (real signature)", bearer(parts[0] + "." + b64(new String(Base64.getUrlDecoder().decode(parts[1]),
                StandardCharsets.UTF_8).replace("\"realm_access\":{\"roles\":[", "\"realm_access\":{\"roles\":[\"superuser\",")
                .replace("\"exp\":", "\"exp\":9")) + "." + parts[2]));
        t.put("alg none", bearer(b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + "."));
        t.put("alg none (jose4j)", bearer(AttackFixtures.sign(AttackFixtures.claimsLike("admin", c -> { }),
                AlgorithmIdentifiers.NONE, null, null)));
        t.put("signed with another key, realm's kid", bearer(AttackFixtures.sign(AttackFixtures.claimsLike("admin", c -> { }),
                AlgorithmIdentifiers.RSA_USING_SHA256, realKid, otherKey.getPrivate())));
        t.put("signed with another key, unknown kid", bearer(AttackFixtures.sign(AttackFixtures.claimsLike("admin", c -> { }),
                AlgorithmIdentifiers.RSA_USING_SHA256, "attacker-" + UUID.randomUUID(), otherKey.getPrivate())));
        // Algorithm confusion: HMAC keyed with the realm's public key (which anyone can download).
        RSAPublicKey published = AttackFixtures.publishedKey(realKid);
        t.put("HS256 keyed with the realm's public key", bearer(AttackFixtures.sign(AttackFixtures.claimsLike("admin", c -> { }),
                AlgorithmIdentifiers.HMAC_SHA256, realKid, new HmacKey(published.getEncoded()))));
        t.put("expired", bearer(AttackFixtures.devSigned("admin", c -> {
            c.setIssuedAt(NumericDate.fromSeconds(now - 900));
            c.setExpirationTime(NumericDate.fromSeconds(now - 600));
        })));
        t.put("not yet valid", bearer(AttackFixtures.devSigned("admin", c -> c.setNotBefore(NumericDate.fromSeconds(now + 600)))));
        t.put("wrong issuer", bearer(AttackFixtures.devSigned("admin",
                c -> c.setIssuer(AttackFixtures.KEYCLOAK + "/realms/" + AttackFixtures.OTHER_REALM))));
        t.put("wrong audience", bearer(AttackFixtures.devSigned("admin", c -> c.setAudience("account"))));
        t.put("no audience", bearer(AttackFixtures.devSigned("admin", c -> c.unsetClaim("aud"))));
        t.put("no expiry", bearer(AttackFixtures.devSigned("admin", c -> c.unsetClaim("exp"))));
        t.put("another realm's token", bearer(AttackFixtures.otherRealmToken()));
        return t;
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String headerOf(String jwt) {
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8);
    }

    @Test
    void theOtherRealmIsARealRealmWithWorkingLogins() {
        // Guards the fixture: the "another realm's token" case is only meaningful if that realm really issues tokens.
        String token = AttackFixtures.otherRealmToken();
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        assertTrue(payload.contains("/realms/" + AttackFixtures.OTHER_REALM + "\""), payload);
        assertTrue(payload.contains("platform-api"), "its tokens even name the platform's audience: " + payload);
        assertFalse(given().contentType(ContentType.JSON).get(Tokens.REALM).asString().isEmpty());
        assertEquals(200, given().get(AttackFixtures.KEYCLOAK + "/realms/" + AttackFixtures.OTHER_REALM).statusCode());
    }
}
