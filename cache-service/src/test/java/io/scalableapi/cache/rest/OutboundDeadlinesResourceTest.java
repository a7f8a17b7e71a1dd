package io.scalableapi.cache.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.scalableapi.cache.support.FakeCatalog;
import io.scalableapi.cache.support.Tokens;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 13: cache-service's calls to catalog-service have a deadline for the whole exchange. A catalog that
 * sends a page's headers and then stalls in the middle of its body fails the warm-up with a detail saying so, once
 * {@code warm-up.catalog-timeout} (10 s) has passed, instead of leaving it RUNNING, lease renewed, for good. Issue 19:
 * a page read that catalog-service answered 5xx is read again (a GET), one it answered 4xx is not.
 */
@QuarkusTest
@QuarkusTestResource(FakeCatalog.class)
class OutboundDeadlinesResourceTest {

    @AfterEach
    void wholePagesAgain() {
        FakeCatalog.release();
        // The failures these tests provoke must not leave the circuit toward the catalog open for the next test.
        CircuitBreakerMaintenance.get().resetAll();
    }

    @Test
    void aPageAnswered503IsReadAgainAndTheWarmUpCompletes() {
        FakeCatalog.failNext(1, 503);
        String location = start(3);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> given().auth().oauth2(Tokens.admin()).get(location).then().statusCode(200)
                        .body("status", equalTo("COMPLETED")));
        given().auth().oauth2(Tokens.admin()).get(location).then().body("processed", equalTo(3));
    }

    @Test
    void aPageAnswered404IsNotReadAgain() {
        // Read again, the page would be served (only one answer fails), and the warm-up would complete.
        FakeCatalog.failNext(1, 404);
        String location = start(3);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> given().auth().oauth2(Tokens.admin()).get(location).then().statusCode(200)
                        .body("status", equalTo("FAILED")));
        given().auth().oauth2(Tokens.admin()).get(location).then()
                .body("detail", containsString("answered 404"))
                .body("processed", equalTo(0));
    }

    private static String start(int count) {
        Response started = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"count\":" + count + "}").post("/api/v1/cache/caches/catalog-products/warm-ups");
        started.then().statusCode(202);
        return started.header("Location");
    }

    @Test
    void aCatalogStallingMidBodyFailsTheWarmUpInsteadOfHoldingIt() {
        FakeCatalog.stallBodies();
        Response started = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"count\":3}")
                .post("/api/v1/cache/caches/catalog-products/warm-ups");
        started.then().statusCode(202);
        String location = started.header("Location");

        // Bounded wait, well above the 10 s deadline: without one the job would stay RUNNING past it.
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> given().auth().oauth2(Tokens.admin()).get(location).then().statusCode(200)
                        .body("status", equalTo("FAILED")));
        given().auth().oauth2(Tokens.admin()).get(location).then()
                .body("detail", containsString("did not send a product page within"))
                .body("processed", equalTo(0));
    }
}
