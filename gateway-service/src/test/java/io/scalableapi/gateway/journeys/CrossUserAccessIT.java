package io.scalableapi.gateway.journeys;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.scalableapi.gateway.support.Tokens;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A person's valid token opens neither another person's data nor the admin routes: 403 or 404, with nothing of the other
 * person (or of the admin data) in the body. Through the gateway and directly at each service. bob is the intruder (plan
 * pro: these requests do not eat into alice's small budget, which RateLimitJourneyIT measures), alice the victim.
 */
@ExtendWith(RunningPlatform.class)
class CrossUserAccessIT {

    private record Attempt(String name, Function<RequestSpecification, Response> call) {
    }

    @Test
    void aPersonsTokenOpensNeitherAnotherPersonsDataNorAdminRoutes() {
        RunningPlatform platform = RunningPlatform.get();
        String aliceId = subjectOf(Tokens.of("alice"));
        // alice's profile exists (first call creates it) - asked of user-service directly, not through alice's gateway budget.
        given().baseUri(platform.user.url()).auth().oauth2(Tokens.of("alice")).get("/api/v1/users/me").then().statusCode(200);
        // Control: the admin does see it, so a refusal below is about bob, not about a missing profile.
        given().baseUri(platform.gateway()).auth().oauth2(Tokens.of("admin")).get("/api/v1/users/" + aliceId).then()
                .statusCode(200).body(org.hamcrest.Matchers.containsString("alice@example.test"));
        String category = Journey.category("Cross-user");

        List<Attempt> attempts = new ArrayList<>();
        for (String base : List.of(platform.gateway(), platform.user.url())) {
            String where = base.equals(platform.gateway()) ? "gateway " : "user ";
            attempts.add(new Attempt(where + "GET alice's profile", s -> s.baseUri(base).get("/api/v1/users/" + aliceId)));
            attempts.add(new Attempt(where + "search for alice", s -> s.baseUri(base).get("/api/v1/users?q=alice")));
            attempts.add(new Attempt(where + "list people", s -> s.baseUri(base).get("/api/v1/users")));
        }
        for (String base : List.of(platform.gateway(), platform.cache.url())) {
            String where = base.equals(platform.gateway()) ? "gateway " : "cache ";
            attempts.add(new Attempt(where + "list caches", s -> s.baseUri(base).get("/api/v1/cache/caches")));
            attempts.add(new Attempt(where + "one cache", s -> s.baseUri(base).get("/api/v1/cache/caches/user-profiles")));
            attempts.add(new Attempt(where + "evict alice's cached profile",
                    s -> s.baseUri(base).delete("/api/v1/cache/caches/user-profiles/entries/" + aliceId)));
            attempts.add(new Attempt(where + "warm a cache", s -> s.baseUri(base).contentType(ContentType.JSON)
                    .body(Map.of("count", 1)).post("/api/v1/cache/caches/catalog-products/warm-ups")));
        }
        for (String base : List.of(platform.gateway(), platform.catalog.url())) {
            String where = base.equals(platform.gateway()) ? "gateway " : "catalog ";
            attempts.add(new Attempt(where + "create a category", s -> s.baseUri(base).contentType(ContentType.JSON)
                    .body(Map.of("name", Journey.unique("intruder"))).post("/api/v1/categories")));
            attempts.add(new Attempt(where + "create a product", s -> s.baseUri(base).contentType(ContentType.JSON)
                    .header("Idempotency-Key", java.util.UUID.randomUUID().toString())
                    .body(Journey.productBody(category, Journey.unique("INTRUDER"), "Intruder", "1.00")).post("/api/v1/products")));
            attempts.add(new Attempt(where + "delete a category", s -> s.baseUri(base).header("If-Match", "*")
                    .delete("/api/v1/categories/" + category)));
        }

        List<String> failures = new ArrayList<>();
        for (Attempt a : attempts) {
            Response r = a.call().apply(given().auth().oauth2(Tokens.of("bob")));
            String body = r.asString();
            boolean refused = r.statusCode() == 403 || r.statusCode() == 404;
            // The problem's instance names the requested path (alice's id included); data would be fields of a profile,
            // a page or a cache overview.
            boolean leaks = body.contains("alice@example.test") || body.contains("\"username\"") || body.contains("\"email\"")
                    || body.contains("\"items\"") || body.contains("\"caches\"") || body.contains("\"entries\"")
                    || body.contains("\"sku\"");
            if (!refused || leaks || !r.contentType().startsWith("application/problem+json")) {
                failures.add(a.name() + ": " + r.statusCode() + " " + r.contentType() + " " + body.substring(0, Math.min(200,
                        body.length())));
            }
        }
        // Nothing bob tried changed anything: the category is still there.
        given().baseUri(platform.gateway()).get("/api/v1/categories/" + category).then().statusCode(200);
        Figures.record("attacks: bob's token on alice's profile and on admin routes (gateway + user, cache, catalog)",
                attempts.size() + " attempts / " + (attempts.size() - failures.size()) + " refused 403/404 problem+json with no "
                        + "data / " + failures.size() + " otherwise");
        assertTrue(failures.isEmpty(), "Not refused cleanly:\n" + String.join("\n", failures));
        assertFalse(attempts.isEmpty());
    }

    static String subjectOf(String token) {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        return payload.replaceAll(".*\"sub\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }
}
