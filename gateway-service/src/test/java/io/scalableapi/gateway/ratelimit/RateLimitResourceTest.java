package io.scalableapi.gateway.ratelimit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.scalableapi.gateway.support.Tokens;
import io.scalableapi.gateway.support.UpstreamServers;
import org.junit.jupiter.api.Test;

/** The "tight" test policy allows 3 requests per 60 s per caller; state lives in the running Infinispan. */
@QuarkusTest
@QuarkusTestResource(UpstreamServers.class)
class RateLimitResourceTest {

    @Test
    void theFourthRequestIs429WithRateLimitHeadersAndSpoofingDoesNotHelp() {
        for (int remaining = 2; remaining >= 0; remaining--) {
            given().when().get("/api/v1/limited/a")
                    .then().statusCode(200)
                    .header("RateLimit-Policy", equalTo("\"tight-default\";q=3;w=60"))
                    .header("RateLimit", startsWith("\"tight-default\";r=" + remaining + ";t="));
        }
        var rejected = given().when().get("/api/v1/limited/a")
                .then().statusCode(429)
                .contentType("application/problem+json")
                .body("type", equalTo("https://scalableapi.io/problems/rate-limited"))
                .body("status", equalTo(429))
                .header("RateLimit-Policy", equalTo("\"tight-default\";q=3;w=60"))
                .header("RateLimit", startsWith("\"tight-default\";r=0;t="))
                .extract();
        int retryAfter = Integer.parseInt(rejected.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);

        // A made-up X-Forwarded-For from an untrusted peer is not a new client.
        given().header("X-Forwarded-For", "198.51.100.77").when().get("/api/v1/limited/a").then().statusCode(429);
        // An authenticated caller is counted by subject, not by address: alice has her own budget.
        given().auth().oauth2(Tokens.of("alice")).when().get("/api/v1/limited/a").then().statusCode(200)
                .header("RateLimit", startsWith("\"tight-default\";r=2;"));
    }

    @Test
    void theTierFollowsThePlanClaim() {
        given().auth().oauth2(Tokens.of("bob")).when().get("/api/v1/products")
                .then().statusCode(200).header("RateLimit-Policy", startsWith("\"standard-pro\";q=3000;w=60"));
        given().auth().oauth2(Tokens.of("alice")).when().get("/api/v1/products")
                .then().statusCode(200).header("RateLimit-Policy", startsWith("\"standard-free\";q=300;w=60"));
    }

    @Test
    void aServiceAccountIsCountedByItsClient() {
        int before = UpstreamServers.user.hits.get();
        given().auth().oauth2(Tokens.serviceAccount()).when().get("/api/v1/users/by-service")
                .then().statusCode(200).header("RateLimit-Policy", startsWith("\"standard-default\""));
        assertTrue(UpstreamServers.user.hits.get() > before);
    }
}
