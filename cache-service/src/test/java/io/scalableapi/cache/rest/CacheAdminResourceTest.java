package io.scalableapi.cache.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.http.HttpServer;
import jakarta.inject.Inject;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.scalableapi.cache.support.FakeCatalog;
import io.scalableapi.cache.support.HotRod;
import io.scalableapi.cache.support.InfinispanServer;
import io.scalableapi.cache.support.Tokens;
import io.scalableapi.contracts.caches.CacheNames;
import io.scalableapi.defaults.cache.Tombstones;
import io.scalableapi.defaults.cache.VersionedEntries;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operator API: admins only, problem+json errors, effects checked on the Infinispan server itself. */
@QuarkusTest
@QuarkusTestResource(FakeCatalog.class)
class CacheAdminResourceTest {

    /** Metrics are on the management interface. */
    @Inject
    HttpServer server;
    private static HotRod hotRod;

    @ConfigProperty(name = "cache-service.warm-up.catalog-url")
    String catalogUrl;

    @Inject
    VersionedEntries entries;

    @BeforeAll
    static void connect() {
        hotRod = new HotRod();
    }

    @AfterAll
    static void close() {
        hotRod.close();
    }

    @Test
    void aliceIsRefusedEveryRouteWithAProblem() {
        String alice = Tokens.alice();
        List<Response> responses = List.of(
                given().auth().oauth2(alice).get("/api/v1/cache/caches"),
                given().auth().oauth2(alice).get("/api/v1/cache/caches/catalog-products"),
                given().auth().oauth2(alice).delete("/api/v1/cache/caches/catalog-products/entries/x"),
                given().auth().oauth2(alice).delete("/api/v1/cache/caches/catalog-products/entries"),
                given().auth().oauth2(alice).contentType(ContentType.JSON).body("{\"count\":1}")
                        .post("/api/v1/cache/caches/catalog-products/warm-ups"),
                given().auth().oauth2(alice).get("/api/v1/cache/warm-ups/x"));
        for (Response r : responses) {
            r.then().statusCode(403).contentType("application/problem+json")
                    .body("type", endsWith("/forbidden")).body("status", equalTo(403));
        }
    }

    @Test
    void withoutATokenTheAnswerIs401() {
        given().get("/api/v1/cache/caches").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void adminSeesEveryDeclaredCacheWithServerStatistics() {
        String key = "admin-test-" + UUID.randomUUID();
        hotRod.put(CacheNames.CATALOG_PRODUCTS, key, "{\"version\":1}");
        hotRod.cache(CacheNames.CATALOG_PRODUCTS).get(key);
        hotRod.cache(CacheNames.CATALOG_PRODUCTS).get(key + "-missing");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(Tokens.admin())
                .get("/api/v1/cache/caches").then().statusCode(200)
                .body("items.name", containsInAnyOrder(CacheNames.CATALOG_PRODUCTS, CacheNames.CATALOG_PRODUCT_LISTS,
                        CacheNames.USER_PROFILES, CacheNames.GATEWAY_RATE_LIMITS, CacheNames.PLATFORM_READ_PINS))
                .body("items.find { it.name == 'catalog-products' }.status", equalTo("APPLIED"))
                .body("items.find { it.name == 'catalog-products' }.declared.distributed-cache.owners", equalTo(2))
                .body("items.find { it.name == 'catalog-products' }.statistics.hits", greaterThanOrEqualTo(1))
                .body("items.find { it.name == 'catalog-products' }.statistics.misses", greaterThanOrEqualTo(1))
                .body("items.find { it.name == 'catalog-products' }.statistics.hitRatio", notNullValue())
                .body("items.find { it.name == 'catalog-products' }.statistics.entries", greaterThanOrEqualTo(1)));
    }

    @Test
    void adminEvictsOneKeyAndOnlyThatKey() {
        String gone = "evict-" + UUID.randomUUID();
        String kept = "keep-" + UUID.randomUUID();
        hotRod.put(CacheNames.USER_PROFILES, gone, "{\"version\":1}");
        hotRod.put(CacheNames.USER_PROFILES, kept, "{\"version\":1}");

        given().auth().oauth2(Tokens.admin()).delete("/api/v1/cache/caches/user-profiles/entries/" + gone)
                .then().statusCode(204);

        assertEquals(Optional.empty(), InfinispanServer.entry(CacheNames.USER_PROFILES, gone));
        assertTrue(InfinispanServer.entry(CacheNames.USER_PROFILES, kept).isPresent());
        hotRod.cache(CacheNames.USER_PROFILES).remove(kept);
    }

    @Test
    void adminClearsOneCache() {
        String page = "clear-" + UUID.randomUUID();
        hotRod.put(CacheNames.CATALOG_PRODUCT_LISTS, page, "{\"items\":[]}");

        given().auth().oauth2(Tokens.admin()).delete("/api/v1/cache/caches/catalog-product-lists/entries")
                .then().statusCode(204);

        assertEquals(Optional.empty(), InfinispanServer.entry(CacheNames.CATALOG_PRODUCT_LISTS, page));
    }

    @Test
    void badInputIsA4xxProblem() {
        String admin = Tokens.admin();
        given().auth().oauth2(admin).get("/api/v1/cache/caches/no-such-cache")
                .then().statusCode(404).contentType("application/problem+json").body("type", endsWith("/not-found"));
        given().auth().oauth2(admin).delete("/api/v1/cache/caches/catalog-products/entries/" + "k".repeat(513))
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("key"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"count\":0}")
                .post("/api/v1/cache/caches/catalog-products/warm-ups")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("count"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"count\":\"many\"}")
                .post("/api/v1/cache/caches/catalog-products/warm-ups")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"count\":3}")
                .post("/api/v1/cache/caches/user-profiles/warm-ups")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("cache"));
        given().auth().oauth2(admin).get("/api/v1/cache/warm-ups/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aWarmUpLoadsTheRequestedProductsAndReportsProgress() {
        int count = 7;
        Response started = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"count\":" + count + "}").post("/api/v1/cache/caches/catalog-products/warm-ups");
        started.then().statusCode(202).body("requested", equalTo(count)).body("status", notNullValue());
        String location = started.header("Location");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(Tokens.admin())
                .get(location).then().statusCode(200).body("status", equalTo("COMPLETED")));
        JsonPath done = given().auth().oauth2(Tokens.admin()).get(location).then().extract().jsonPath();
        assertEquals(count, done.getInt("processed"));
        assertEquals(count, done.getInt("loaded") + done.getInt("skipped"));
        assertEquals(100, done.getInt("percent"));

        // The first products of the catalog's list are now in the server's cache, as the catalog represents them.
        List<String> ids = given().get(catalogUrl + "/api/v1/products?limit=" + count).jsonPath().getList("items.id");
        for (String id : ids) {
            String cached = InfinispanServer.entry(CacheNames.CATALOG_PRODUCTS, id).orElse("absent");
            assertTrue(cached.contains("\"id\":\"" + id + "\""), cached);
        }
    }

    /**
     * The catalog's page was read before the product's delete committed: the warm-up still has it, but the cache holds
     * the deletion's tombstone, and the warm-up must not put the product back.
     */
    @Test
    void aWarmUpSkipsAProductWhoseDeletionLeftATombstone() {
        List<Object> all = given().get(catalogUrl + "/api/v1/products?limit=100").jsonPath().getList("items");
        @SuppressWarnings("unchecked")
        Map<String, Object> last = (Map<String, Object>) all.get(all.size() - 1);
        String id = (String) last.get("id");
        long deletedVersion = ((Number) last.get("version")).longValue() + 1;
        entries.tombstone(CacheNames.CATALOG_PRODUCTS, id, deletedVersion);

        String location = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"count\":" + all.size() + "}").post("/api/v1/cache/caches/catalog-products/warm-ups")
                .then().statusCode(202).extract().header("Location");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(Tokens.admin())
                .get(location).then().statusCode(200).body("status", equalTo("COMPLETED")));

        String cached = InfinispanServer.entry(CacheNames.CATALOG_PRODUCTS, id).orElse("absent");
        assertTrue(Tombstones.is(cached) && cached.contains("\"version\":" + deletedVersion + "}"), cached);
        assertTrue(given().auth().oauth2(Tokens.admin()).get(location).jsonPath().getInt("skipped") >= 1);
    }

    @Test
    void metricsShowHitRatiosEventsAndConsumerLag() {
        String metrics = given().port(server.getManagementPort()).get("/q/metrics").then().statusCode(200).extract().asString();
        for (String name : List.of("cache_hit_ratio{cache=\"catalog-products\"", "cache_entries{cache=\"user-profiles\"",
                "cache_invalidation_delay_seconds", "kafka_consumer_fetch_manager_records_lag")) {
            assertTrue(metrics.contains(name), "missing metric " + name);
        }
    }
}
