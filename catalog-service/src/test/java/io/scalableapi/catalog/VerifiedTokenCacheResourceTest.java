package io.scalableapi.catalog;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The service still verifies every token itself (defence in depth) but once per token: service-defaults brings the
 * cache of verified tokens into quarkus-oidc's bearer flow, and @RolesAllowed sees the cached identity's roles.
 */
@QuarkusTest
class VerifiedTokenCacheResourceTest {

    @Inject
    MeterRegistry registry;

    @Test
    void aTokensSecondRequestIsACacheHitAndRolesStillDecide() {
        String admin = Tokens.fresh("admin", "admin-dev-password");
        double hits = hits();
        createCategory(admin).then().statusCode(201);
        assertEquals(hits, hits(), "first request: verified by quarkus-oidc");
        createCategory(admin).then().statusCode(201);
        assertEquals(hits + 1, hits(), "second request: from the cache, still an admin");

        String alice = Tokens.fresh("alice", "alice-dev-password");
        createCategory(alice).then().statusCode(403);
        createCategory(alice).then().statusCode(403);
        assertEquals(hits + 2, hits(), "a cached user is still no admin");
    }

    @Test
    void aTamperedTokenIs401AndNeverACacheHit() {
        String admin = Tokens.fresh("admin", "admin-dev-password");
        createCategory(admin).then().statusCode(201);
        double hits = hits();
        String forged = admin.substring(0, admin.length() - 8) + (admin.endsWith("AAAAAAAA") ? "BBBBBBBB" : "AAAAAAAA");
        createCategory(forged).then().statusCode(401);
        createCategory(forged).then().statusCode(401);
        assertEquals(hits, hits());
    }

    private static Response createCategory(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("name", "token-cache-" + UUID.randomUUID())).post("/api/v1/categories");
    }

    private double hits() {
        return registry.get("token.cache.hits").counter().count();
    }
}
