package io.scalableapi.gateway.journeys;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.scalableapi.gateway.support.Tokens;
import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** What every journey needs: requests to the gateway URL only, tokens from Keycloak, and bounded waiting. */
final class Journey {

    private Journey() {
    }

    static RequestSpecification anonymous() {
        return given().baseUri(RunningPlatform.get().gateway()).relaxedHTTPSValidation();
    }

    static RequestSpecification as(String user) {
        return anonymous().auth().oauth2(Tokens.of(user));
    }

    static RequestSpecification withToken(String token) {
        return anonymous().auth().oauth2(token);
    }

    /** Creates a category and returns its id (admin, through the gateway). */
    static String category(String name) {
        return as("admin").contentType(ContentType.JSON)
                .body(Map.of("name", name + " " + UUID.randomUUID().toString().substring(0, 8)))
                .post("/api/v1/categories").then().statusCode(201).extract().path("id");
    }

    /** Creates a product and returns its id (admin, through the gateway). */
    static String product(String categoryId, String sku, String price) {
        return as("admin").contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(productBody(categoryId, sku, "Product " + sku, price))
                .post("/api/v1/products").then().statusCode(201).extract().path("id");
    }

    static Map<String, Object> productBody(String categoryId, String sku, String name, String price) {
        return Map.of("sku", sku, "name", name, "description", "made by a journey", "price", new BigDecimal(price),
                "currency", "EUR", "stockQuantity", 5, "categoryId", categoryId, "status", "ACTIVE",
                "attributes", Map.of("colour", "green"));
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Polls until the condition holds; fails after the bound (journeys never assert timings, only bounds). */
    static void eventually(long timeoutMs, String what, BooleanSupplier condition) {
        eventually(timeoutMs, () -> what, condition);
    }

    /** As above; {@code what} is asked only on failure, so it can describe the state the bound ended in. */
    static void eventually(long timeoutMs, Supplier<String> what, BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            ServiceProcess.sleep(200);
        }
        throw new AssertionError("Not within " + timeoutMs + " ms: " + what.get());
    }
}
