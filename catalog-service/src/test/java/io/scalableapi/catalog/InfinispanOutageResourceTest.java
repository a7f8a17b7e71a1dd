package io.scalableapi.catalog;

import static io.restassured.RestAssured.given;
import static io.scalableapi.catalog.CatalogFixtures.create;
import static io.scalableapi.catalog.CatalogFixtures.newCategory;
import static io.scalableapi.catalog.CatalogFixtures.product;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Infinispan unreachable (the client points at a port nothing listens on; the shared server keeps running): writes
 * succeed and reads come from PostgreSQL, always the current version.
 */
@QuarkusTest
@TestProfile(InfinispanOutageResourceTest.DeadInfinispan.class)
class InfinispanOutageResourceTest {

    public static class DeadInfinispan implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.infinispan-client.hosts", "127.0.0.1:" + freePort());
        }
    }

    @Test
    void readsAndWritesStayCorrectWithoutTheCache() {
        String category = newCategory();
        Map<String, Object> body = product(category, "Resilient", "11.00");
        String id = create(body);
        given().get("/api/v1/products/" + id).then().statusCode(200).header("ETag", "\"1\"");

        body.put("price", new BigDecimal("12.00"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body).header("If-Match", "\"1\"")
                .put("/api/v1/products/" + id).then().statusCode(200);
        given().get("/api/v1/products/" + id).then().statusCode(200).header("ETag", "\"2\"")
                .body("price", equalTo(12.00f));
        given().queryParam("category", category).get("/api/v1/products").then().statusCode(200)
                .body("items[0].version", equalTo(2));
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
