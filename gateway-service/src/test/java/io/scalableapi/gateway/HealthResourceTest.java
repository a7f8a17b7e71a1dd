package io.scalableapi.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Readiness says the replica has warmed up (reached its shared servers once); the live state of those servers is in the
 * dependencies group, which no probe reads.
 */
@QuarkusTest
class HealthResourceTest {

    @Test
    void readyOnceWarmedUpAndDependenciesReportedApart() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("warmed-up"))
                .body("checks.name", org.hamcrest.Matchers.not(hasItems("infinispan")));
        given().when().get("/q/health/group/dependencies")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(DEPENDENCY_CHECKS));
    }

    @Test
    void liveStartedMetricsAndOpenApiAreServed() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi?format=json").then().statusCode(200).body("openapi", org.hamcrest.Matchers.startsWith("3."));
    }

    private static final String[] DEPENDENCY_CHECKS = { "keycloak", "infinispan" };
}
