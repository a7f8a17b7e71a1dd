package io.scalableapi.catalog;

import static io.restassured.RestAssured.given;
import static io.scalableapi.catalog.CatalogFixtures.create;
import static io.scalableapi.catalog.CatalogFixtures.newCategory;
import static io.scalableapi.catalog.CatalogFixtures.product;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.scalableapi.contracts.caches.CacheNames;
import io.scalableapi.defaults.cache.PlatformCaches;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Product reads go through the shared Infinispan cache; a write moves its own entry at once (a delete: tombstone). */
@QuarkusTest
class ProductCacheResourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    PlatformCaches caches;

    @Test
    void writesUpdateTheirOwnEntryAndDeletesRemoveIt() throws Exception {
        Map<String, Object> body = product(newCategory(), "Cached", "5.00");
        String id = create(body);
        assertEquals(1, cachedVersion(id), "the create put the product in the cache");

        body.put("price", new BigDecimal("6.00"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body).header("If-Match", "\"1\"")
                .put("/api/v1/products/" + id).then().statusCode(200);
        assertEquals(2, cachedVersion(id), "the update replaced the entry");
        given().get("/api/v1/products/" + id).then().statusCode(200).body("price", equalTo(6.00f));

        given().auth().oauth2(Tokens.admin()).header("If-Match", "\"2\"").delete("/api/v1/products/" + id)
                .then().statusCode(204);
        assertTrue(caches.get(CacheNames.CATALOG_PRODUCTS, id).isEmpty(), "nothing readable is left (a tombstone)");
        given().get("/api/v1/products/" + id).then().statusCode(404);
    }

    @Test
    void anUnreadableEntryFallsBackToTheDatabase() {
        String id = create(product(newCategory(), "Sturdy", "7.00"));
        caches.open(CacheNames.CATALOG_PRODUCTS).put(id, "{\"id\":\"" + id + "\",\"shape\":\"unknown\"}");
        given().get("/api/v1/products/" + id).then().statusCode(200).body("name", equalTo("Sturdy"))
                .body("version", equalTo(1));
    }

    private long cachedVersion(String id) throws Exception {
        String json = caches.get(CacheNames.CATALOG_PRODUCTS, id).orElseThrow();
        return JSON.readTree(json).get("version").asLong();
    }
}
