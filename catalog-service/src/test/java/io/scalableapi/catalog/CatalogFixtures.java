package io.scalableapi.catalog;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Request bodies and setup calls shared by the catalog's tests. Every name and SKU is unique per call. */
public final class CatalogFixtures {
    private CatalogFixtures() {
    }

    /** A fresh category, created by admin; returns its id. */
    public static String newCategory() {
        return given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "cat-" + UUID.randomUUID(), "description", "test category"))
                .post("/api/v1/categories").then().statusCode(201).extract().path("id");
    }

    public static Map<String, Object> product(String categoryId, String name, String price) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sku", "SKU-" + UUID.randomUUID());
        body.put("name", name);
        body.put("description", "A product for tests");
        body.put("price", new java.math.BigDecimal(price));
        body.put("currency", "EUR");
        body.put("stockQuantity", 5);
        body.put("categoryId", categoryId);
        body.put("status", "ACTIVE");
        body.put("attributes", Map.of("colour", "red", "weightGrams", 250));
        return body;
    }

    /** Creates the product as admin; returns its id. */
    public static String create(Map<String, Object> body) {
        return given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/products").then().statusCode(201).extract().path("id");
    }
}
