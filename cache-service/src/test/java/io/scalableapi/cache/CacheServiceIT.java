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

    /**
     * The packaged jar's management interface: a free port (%test.quarkus.management.port=0), which the jar logs at start
     * ("Management interface listening on http://0.0.0.0:PORT") into the integration test's log.
     */
    private static int managementPort() {
        try {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("Management interface listening on http://[^:]+:(\\d+)")
                    .matcher(java.nio.file.Files.readString(java.nio.file.Path.of("target", "quarkus.log")));
            int port = -1;
            while (m.find()) {
                port = Integer.parseInt(m.group(1));
            }
            if (port < 0) {
                throw new IllegalStateException("target/quarkus.log names no management port");
            }
            return port;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void thePackagedServiceIsReadyAndRefusesAlice() {
        given().port(managementPort()).get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(404);
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
