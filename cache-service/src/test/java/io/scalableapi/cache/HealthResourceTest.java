package io.scalableapi.cache;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Readiness does not follow the shared servers (every replica would leave the balancer at once); their live state is in the
 * dependencies group, which reports each of them.
 */
@QuarkusTest
class HealthResourceTest {

    @Test
    void readyAndEveryDependencyReportedInItsGroup() {
        given().when().get("/q/health/ready")
                .then().log().ifValidationFails().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", org.hamcrest.Matchers.not(hasItems("Database")));
        given().when().get("/q/health/group/dependencies")
                .then().log().ifValidationFails().statusCode(200)
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

    private static final String[] DEPENDENCY_CHECKS = {"Database", "Infinispan", "OpenID provider"};
}
