package io.scalableapi.gateway.journeys;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.specification.RequestSpecification;
import io.scalableapi.gateway.support.Tokens;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Headers a client adds to claim another identity or another origin do not change who the services think the caller is:
 * identity headers (the gateway strips its internal prefixes; the services read only the verified token's subject) and
 * forwarding headers (the gateway replaces them with what it saw, so links a service builds still name the gateway).
 */
@ExtendWith(RunningPlatform.class)
class SpoofedHeadersIT {

    /** Identity and role headers a proxy or a framework somewhere might trust, all claiming alice (or admin). */
    private static Map<String, String> identityHeaders(String aliceId) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-User-Id", aliceId);
        h.put("X-User", "alice");
        h.put("X-User-Roles", "admin");
        h.put("X-Authenticated-User", "alice");
        h.put("X-Authenticated-Userid", aliceId);
        h.put("X-Internal-User", aliceId);
        h.put("X-Gateway-Subject", aliceId);
        h.put("X-Forwarded-User", "alice");
        h.put("X-Forwarded-Email", "alice@example.test");
        h.put("X-Forwarded-Preferred-Username", "alice");
        h.put("X-Forwarded-Access-Token", Tokens.of("alice"));
        h.put("X-Auth-Request-User", "alice");
        h.put("X-Remote-User", "alice");
        h.put("Remote-User", "alice");
        h.put("X-Roles", "admin");
        h.put("X-Original-URL", "/api/v1/users/" + aliceId);
        h.put("X-Rewrite-URL", "/api/v1/users/" + aliceId);
        h.put("X-HTTP-Method-Override", "DELETE");
        return h;
    }

    @Test
    void identityHeadersDoNotChangeWhoTheCallerIs() {
        RunningPlatform platform = RunningPlatform.get();
        String aliceId = CrossUserAccessIT.subjectOf(Tokens.of("alice"));
        String bobId = CrossUserAccessIT.subjectOf(Tokens.of("bob"));
        Map<String, String> spoofed = identityHeaders(aliceId);
        int checks = 0;
        for (String base : List.of(platform.gateway(), platform.user.url())) {
            // bob with every header claiming alice: still bob.
            var me = given().baseUri(base).auth().oauth2(Tokens.of("bob")).headers(spoofed).get("/api/v1/users/me")
                    .then().extract();
            assertEquals(200, me.statusCode(), base + " " + me.asString());
            assertEquals(bobId, me.path("id"), base + ": the profile of the token's subject");
            assertEquals("bob@example.test", me.path("email"));
            assertFalse(me.asString().contains("alice"), base + ": nothing of alice: " + me.asString());
            // ... and still no admin.
            var other = given().baseUri(base).auth().oauth2(Tokens.of("bob")).headers(spoofed).get("/api/v1/users/" + aliceId)
                    .then().extract();
            assertEquals(403, other.statusCode(), base + " " + other.asString());
            assertFalse(other.asString().contains("alice@example.test"));
            // Without a token the headers are no identity at all.
            var anonymous = given().baseUri(base).headers(spoofed).get("/api/v1/users/me").then().extract();
            assertEquals(401, anonymous.statusCode(), base + " " + anonymous.asString());
            assertTrue(anonymous.contentType().startsWith("application/problem+json"));
            checks += 3;
        }
        // The method override did not turn bob's GET into an erasure: bob's profile is still there.
        given().baseUri(platform.gateway()).auth().oauth2(Tokens.of("bob")).get("/api/v1/users/me").then().statusCode(200);
        Figures.record("attacks: " + spoofed.size() + " identity headers claiming alice/admin (gateway + user-service)",
                checks + " checks: bob stays bob (200, own profile), alice's profile 403, no token 401");
    }

    @Test
    void forwardingHeadersFromAClientDoNotRedirectTheServicesLinks() {
        RunningPlatform platform = RunningPlatform.get();
        URI gateway = URI.create(platform.gateway());
        Map<String, String> spoofed = new LinkedHashMap<>();
        spoofed.put("X-Forwarded-Host", "evil.example");
        spoofed.put("X-Forwarded-Proto", "https");
        spoofed.put("X-Forwarded-Port", "4443");
        spoofed.put("X-Forwarded-Prefix", "/evil");
        spoofed.put("X-Forwarded-Server", "evil.example");
        spoofed.put("Forwarded", "for=6.6.6.6;host=evil.example;proto=https");
        spoofed.put("X-Forwarded-For", "6.6.6.6");
        spoofed.put("X-Real-IP", "6.6.6.6");
        spoofed.put("X-Original-Host", "evil.example");
        spoofed.put("X-Host", "evil.example");

        List<String> locations = new ArrayList<>();
        RequestSpecification admin = given().baseUri(platform.gateway()).auth().oauth2(Tokens.of("admin")).headers(spoofed);
        ExtractableResponse<?> created = admin.contentType(ContentType.JSON)
                .body(Map.of("name", Journey.unique("Spoofed forwarding"))).post("/api/v1/categories").then().extract();
        assertEquals(201, created.statusCode(), created.asString());
        locations.add(created.header("Location"));
        String category = created.path("id");
        String productLocation = given().baseUri(platform.gateway()).auth().oauth2(Tokens.of("admin")).headers(spoofed)
                .contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Journey.productBody(category, Journey.unique("SPOOF"), "Spoofed", "2.00")).post("/api/v1/products")
                .then().statusCode(201).extract().header("Location");
        locations.add(productLocation);

        for (String location : locations) {
            URI resolved = gateway.resolve(location);
            assertEquals(gateway.getScheme(), resolved.getScheme(), location);
            assertEquals(gateway.getHost(), resolved.getHost(), location);
            assertEquals(gateway.getPort(), resolved.getPort(), location);
            assertTrue(resolved.getPath().startsWith("/api/v1/"), location);
            assertFalse(location.contains("evil"), location);
        }
        Figures.record("attacks: " + spoofed.size() + " forwarding headers from a client (gateway)",
                locations.size() + " Location headers, all naming the gateway " + gateway.getHost() + ":" + gateway.getPort()
                        + " (e.g. " + locations.get(0) + ")");
    }
}
