package io.scalableapi.cache;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.scalableapi.cache.support.CatalogEvents;
import io.scalableapi.cache.support.HotRod;
import io.scalableapi.cache.support.InfinispanServer;
import io.scalableapi.cache.support.Tokens;
import io.scalableapi.contracts.caches.CacheNames;
import io.scalableapi.contracts.catalog.ProductV1;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The packaged jar against the real servers: ready, admin-only, and coherent from Kafka events. */
@QuarkusIntegrationTest
class CacheServiceIT {

    @Test
    void thePackagedServiceIsReadyAndRefusesAlice() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().auth().oauth2(Tokens.alice()).get("/api/v1/cache/caches")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).get("/api/v1/cache/caches").then().statusCode(200);
    }

    @Test
    void thePackagedServiceRefreshesAProductFromItsUpdateEvent() {
        UUID id = UUID.randomUUID();
        ProductV1 updated = CatalogEvents.product(id, 2, "updated by an event");
        try (HotRod hotRod = new HotRod(); CatalogEvents events = new CatalogEvents()) {
            hotRod.put(CacheNames.CATALOG_PRODUCTS, id.toString(), CatalogEvents.json(CatalogEvents.product(id, 1, "v1")));

            events.updated(updated);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(CatalogEvents.json(updated),
                    InfinispanServer.entry(CacheNames.CATALOG_PRODUCTS, id.toString()).orElse("absent")));
        }
    }
}
