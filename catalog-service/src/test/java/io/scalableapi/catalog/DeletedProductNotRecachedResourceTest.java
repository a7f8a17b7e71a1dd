package io.scalableapi.catalog;

import static io.restassured.RestAssured.given;
import static io.scalableapi.catalog.CatalogFixtures.create;
import static io.scalableapi.catalog.CatalogFixtures.newCategory;
import static io.scalableapi.catalog.CatalogFixtures.product;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import io.scalableapi.contracts.caches.CacheNames;
import io.scalableapi.defaults.cache.PlatformCaches;
import io.scalableapi.defaults.seams.PausePoints;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 8: a read that loaded a product just before its delete committed must not put it back into the cache
 * afterwards. The read is held between "loaded from the database" and "written to the cache" while the delete runs.
 */
@QuarkusTest
class DeletedProductNotRecachedResourceTest {
    @Inject
    PlatformCaches caches;

    @Inject
    PausePoints points;

    @Test
    void aReadHeldAcrossTheDeleteDoesNotRecacheTheProduct() throws Exception {
        String id = create(product(newCategory(), "Doomed", "3.00"));
        caches.remove(CacheNames.CATALOG_PRODUCTS, id);
        PausePoints.Pause pause = points.arm(PausePoints.CACHE_FILL,
                PausePoints.cacheEntry(CacheNames.CATALOG_PRODUCTS, id));

        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(
                () -> given().get("/api/v1/products/" + id).statusCode());
        pause.awaitReached(Duration.ofSeconds(30));
        given().auth().oauth2(Tokens.admin()).header("If-Match", "\"1\"").delete("/api/v1/products/" + id)
                .then().statusCode(204);
        pause.release();
        assertEquals(200, read.get(30, TimeUnit.SECONDS), "the held read answers what it loaded before the delete");

        given().get("/api/v1/products/" + id).then().statusCode(404);
        assertFalse(caches.get(CacheNames.CATALOG_PRODUCTS, id).isPresent(), "no product data is cached for the id");
    }
}
