package io.scalableapi.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.http.HttpServer;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Readiness says the replica has warmed up (reached its shared servers once); the live state of those servers is in the
 * dependencies group, which no probe reads.
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
    void readyOnceWarmedUpAndDependenciesReportedApart() {
        management().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("warmed-up"))
                .body("checks.name", org.hamcrest.Matchers.not(hasItems("infinispan")));
        management().when().get("/q/health/group/dependencies")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(DEPENDENCY_CHECKS));
    }

    @Test
    void liveStartedAndMetricsAreServed() {
        management().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        management().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
        management().get("/q/metrics").then().statusCode(200);
        // The gateway serves no document of its own: clients read the merged one (ApiDocsResourceTest).
        management().get("/q/openapi").then().statusCode(404);
    }

    private static final String[] DEPENDENCY_CHECKS = { "keycloak", "infinispan" };
}
