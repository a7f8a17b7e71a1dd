package io.scalableapi.gateway.journeys;

import static io.scalableapi.gateway.journeys.Journey.as;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A burst from one client meets its tier's limit with standard headers; another client is not affected. */
@ExtendWith(RunningPlatform.class)
class RateLimitJourneyIT {

    @Test
    void aBurstIsLimitedForItsClientOnly() {
        int ok = 0;
        int limited = 0;
        io.restassured.response.ExtractableResponse<?> rejection = null;
        // alice's tier (plan free) allows 30 a minute in this run (RunningPlatform): 40 back to back must meet it.
        for (int i = 0; i < 40; i++) {
            var r = as("alice").get("/api/v1/categories").then().extract();
            if (r.statusCode() == 200) {
                ok++;
            } else if (r.statusCode() == 429) {
                limited++;
                rejection = r;
            }
        }
        assertEquals(30, ok, "requests within the limit");
        assertEquals(10, limited, "requests over the limit");
        assertEquals("application/problem+json", rejection.contentType());
        assertTrue(rejection.header("RateLimit") != null && rejection.header("RateLimit-Policy") != null,
                "RateLimit and RateLimit-Policy on the 429");
        assertTrue(Integer.parseInt(rejection.header("Retry-After")) > 0, "Retry-After on the 429");

        for (int i = 0; i < 10; i++) {
            as("bob").get("/api/v1/categories").then().statusCode(200).header("RateLimit", notNullValue());
        }
    }
}
