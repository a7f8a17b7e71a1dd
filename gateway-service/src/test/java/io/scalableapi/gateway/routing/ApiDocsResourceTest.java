package io.scalableapi.gateway.routing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.scalableapi.gateway.support.UpstreamServers;
import org.junit.jupiter.api.Test;

/** /api/docs merges the upstreams' own OpenAPI documents (served by the real test upstreams) and shows Swagger UI. */
@QuarkusTest
@QuarkusTestResource(UpstreamServers.class)
class ApiDocsResourceTest {

    @Test
    void oneDocumentWithTheRoutedPathsOfEveryService() {
        given().when().get("/api/docs/openapi.json")
                .then().statusCode(200)
                .body("openapi", equalTo("3.1.0"))
                .body("paths", hasKey("/api/v1/products/{id}"))
                .body("paths", hasKey("/api/v1/users/{id}"))
                .body("paths", hasKey("/api/v1/cache/{id}"))
                .body("paths", not(hasKey("/q/health")))
                .body("components.schemas", hasKey("users-schema"));
    }

    @Test
    void swaggerUiIsServed() {
        given().when().get("/api/docs/").then().statusCode(200).body(containsString("swagger"));
    }
}
