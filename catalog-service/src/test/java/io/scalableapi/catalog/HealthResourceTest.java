package io.scalableapi.catalog;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.http.HttpServer;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Readiness does not follow the shared servers (every replica would leave the balancer at once); their live state is in the
 * dependencies group, which reports each of them.
 */
@QuarkusTest
class HealthResourceTest {

    @Inject
    HttpServer server;

    /** /q/* is served on the management interface only (its own port; 9000 in the cluster). */
    private RequestSpecification management() {
        return given().port(server.getManagementPort());
    }

    @Test
    void nothingUnderQOnTheApiPort() {
        given().get("/q/health/ready").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
        given().get("/q/openapi").then().statusCode(404);
    }

    @Test
    void readyAndEveryDependencyReportedInItsGroup() {
        management().when().get("/q/health/ready")
                .then().log().ifValidationFails().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", org.hamcrest.Matchers.not(hasItems("Database")));
        management().when().get("/q/health/group/dependencies")
                .then().log().ifValidationFails().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(DEPENDENCY_CHECKS));
    }

    @Test
    void liveStartedMetricsAndOpenApiAreServed() {
        management().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        management().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
        management().get("/q/metrics").then().statusCode(200);
        management().get("/q/openapi?format=json").then().statusCode(200).body("openapi", org.hamcrest.Matchers.startsWith("3."));
    }

    private static final String[] DEPENDENCY_CHECKS = {"Database", "Infinispan", "OpenID provider"};
}
