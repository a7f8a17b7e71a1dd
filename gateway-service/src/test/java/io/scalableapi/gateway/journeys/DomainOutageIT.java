package io.scalableapi.gateway.journeys;

import static io.scalableapi.gateway.journeys.Journey.anonymous;
import static io.scalableapi.gateway.journeys.Journey.as;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * catalog-service stops: its routes answer problem+json at once (502, then 503 once the circuit is open) and the user
 * routes keep working; once it is back, the circuit closes and its routes answer again.
 */
@ExtendWith(RunningPlatform.class)
class DomainOutageIT {

    @Test
    void anOutageStaysOnItsOwnRoutesAndHeals() {
        RunningPlatform platform = RunningPlatform.get();
        anonymous().get("/api/v1/categories").then().statusCode(200);

        platform.catalog.stop();
        try {
            // Unreachable: 502 while the breaker counts failures, then 503 with Retry-After once it has opened.
            int last = 0;
            for (int i = 0; i < 40; i++) {
                var r = anonymous().get("/api/v1/categories").then().contentType("application/problem+json")
                        .statusCode(anyOf(equalTo(502), equalTo(503))).extract();
                last = r.statusCode();
                if (last == 503) {
                    assertTrue(Integer.parseInt(r.header("Retry-After")) > 0, "Retry-After while the circuit is open");
                }
            }
            assertEquals(503, last, "the circuit opened: answers come at once, without calling the stopped service");
            as("bob").get("/api/v1/users/me").then().statusCode(200);
        } finally {
            platform.catalog.start().awaitReady(java.time.Duration.ofMinutes(3));
        }
        Journey.eventually(30_000, "catalog routes answer again through the gateway",
                () -> anonymous().get("/api/v1/categories").then().extract().statusCode() == 200);
    }
}
