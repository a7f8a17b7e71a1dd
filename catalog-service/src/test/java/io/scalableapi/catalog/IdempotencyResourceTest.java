package io.scalableapi.catalog;

import static io.restassured.RestAssured.given;
import static io.scalableapi.catalog.CatalogFixtures.newCategory;
import static io.scalableapi.catalog.CatalogFixtures.product;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.scalableapi.contracts.errors.Problem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** POST with Idempotency-Key: replay of the first response, 422 for another body, one product under concurrency. */
@QuarkusTest
class IdempotencyResourceTest {

    @Test
    void retryReplaysTheFirstResponseAndAnotherBodyIsRejected() {
        Map<String, Object> body = product(newCategory(), "Lamp", "15.00");
        String key = UUID.randomUUID().toString();

        Response first = post(key, body);
        first.then().statusCode(201);
        Response retry = post(key, body);
        retry.then().statusCode(201).header("Idempotent-Replayed", "true")
                .header("Location", first.header("Location")).header("ETag", first.header("ETag"));
        assertEquals(first.jsonPath().getString("id"), retry.jsonPath().getString("id"));
        assertEquals(first.asString(), retry.asString());

        body.put("name", "Another lamp");
        post(key, body).then().statusCode(422).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("https://scalableapi.io/problems/idempotency-key-reused"));

        given().get("/api/v1/products/sku/" + body.get("sku")).then().statusCode(200)
                .body("name", equalTo("Lamp"));
    }

    @Test
    void concurrentRetriesCreateOneProduct() throws Exception {
        Map<String, Object> body = product(newCategory(), "Chair", "80.00");
        String key = UUID.randomUUID().toString();
        String token = Tokens.admin();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(() -> given().auth().oauth2(token).header("Idempotency-Key", key)
                        .contentType(ContentType.JSON).body(body).post("/api/v1/products"));
            }
            Set<String> ids = new HashSet<>();
            for (Future<Response> f : pool.invokeAll(calls, 60, TimeUnit.SECONDS)) {
                Response r = f.get();
                assertEquals(201, r.statusCode(), r.asString());
                ids.add(r.jsonPath().getString("id"));
            }
            assertEquals(1, ids.size(), "every retry names the same product");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedRequestDoesNotBurnTheKey() {
        Map<String, Object> body = product(UUID.randomUUID().toString(), "Desk", "120.00");
        String key = UUID.randomUUID().toString();
        post(key, body).then().statusCode(400);
        body.put("categoryId", newCategory());
        post(key, body).then().statusCode(201);
    }

    private static Response post(String key, Map<String, Object> body) {
        return given().auth().oauth2(Tokens.admin()).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(body).post("/api/v1/products");
    }
}
