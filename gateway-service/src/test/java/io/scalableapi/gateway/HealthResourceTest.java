package io.scalableapi.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Readiness reflects the real servers this service needs: it is DOWN when one of them is unreachable. */
@QuarkusTest
class HealthResourceTest {

    @Test
    void readyWhenEveryDependencyAnswers() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(READINESS_CHECKS));
    }

    @Test
    void liveStartedMetricsAndOpenApiAreServed() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi?format=json").then().statusCode(200).body("openapi", org.hamcrest.Matchers.startsWith("3."));
    }

    private static final String[] READINESS_CHECKS = { "keycloak", "infinispan" };
}
