package io.scalableapi.catalog;

import static io.restassured.RestAssured.given;
import static io.scalableapi.catalog.CatalogFixtures.create;
import static io.scalableapi.catalog.CatalogFixtures.newCategory;
import static io.scalableapi.catalog.CatalogFixtures.product;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A write + read mix on the list cache: per round every category's list and two unfiltered lists are read twice, then
 * one product changes (round-robin over the categories). The hit ratio is read from catalog.list.cache.
 */
final class ListCacheMix {
    static final int CATEGORIES = 8;
    static final int ROUNDS = 24;

    private ListCacheMix() {
    }

    /** A list cache of its own (key prefix), so other runs' writes on catalog_test do not move its generations. */
    static Map<String, String> ownLists(String invalidation) {
        return Map.of("catalog.cache.list-key-prefix", "listmix-" + UUID.randomUUID().toString().substring(0, 8) + ":",
                "catalog.cache.list-invalidation", invalidation);
    }

    public static class Family implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return ownLists("family");
        }
    }

    public static class ClearAll implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return ownLists("clear");
        }
    }

    /** Runs the mix; returns {reads, writes, hits, 1 if another process cleared the list cache meanwhile}. */
    static long[] run(MeterRegistry metrics, io.scalableapi.defaults.cache.PlatformCaches caches, boolean clearsItself) {
        // In family mode nothing here clears the cache as a whole: a sentinel that vanishes means someone else did.
        String sentinel = "listmix-sentinel-" + UUID.randomUUID();
        caches.open(io.scalableapi.contracts.caches.CacheNames.CATALOG_PRODUCT_LISTS).put(sentinel, "{}");
        List<String> categories = new ArrayList<>();
        List<Map<String, Object>> bodies = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int c = 0; c < CATEGORIES; c++) {
            String category = newCategory();
            categories.add(category);
            Map<String, Object> body = product(category, "Mix " + c, "10.00");
            ids.add(create(body));
            bodies.add(body);
        }
        double hitsBefore = count(metrics, "hit");
        double missesBefore = count(metrics, "miss");
        long writes = 0;
        long[] versions = new long[CATEGORIES];
        java.util.Arrays.fill(versions, 1);
        for (int round = 0; round < ROUNDS; round++) {
            for (int twice = 0; twice < 2; twice++) {
                for (String category : categories) {
                    given().queryParam("category", category).get("/api/v1/products").then().statusCode(200);
                }
                given().queryParam("sort", "name").get("/api/v1/products").then().statusCode(200);
                given().queryParam("sort", "-price").get("/api/v1/products").then().statusCode(200);
            }
            int c = round % CATEGORIES;
            Map<String, Object> body = bodies.get(c);
            body.put("price", new java.math.BigDecimal(10 + round + ".00"));
            given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).header("If-Match", "\"" + versions[c] + "\"")
                    .body(body).put("/api/v1/products/" + ids.get(c)).then().statusCode(200);
            versions[c]++;
            writes++;
        }
        long hits = Math.round(count(metrics, "hit") - hitsBefore);
        long reads = hits + Math.round(count(metrics, "miss") - missesBefore);
        boolean cleared = !clearsItself && caches.open(io.scalableapi.contracts.caches.CacheNames.CATALOG_PRODUCT_LISTS).get(sentinel) == null;
        return new long[] {reads, writes, hits, cleared ? 1 : 0};
    }

    static String figure(long[] r) {
        return String.format("%d list reads, %d writes (%d categories, one write per %d reads): list-cache hit ratio %.1f %%%s",
                r[0], r[1], CATEGORIES, r[0] / Math.max(1, r[1]), 100.0 * r[2] / r[0],
                r[3] == 1 ? " (another process cleared the shared list cache meanwhile: lower than on a cache of its own)" : "");
    }

    /**
     * Whether, after a write to a product of category {@code a}, category {@code b}'s list page is still served from
     * the cache. Asked a few times: Infinispan is shared, and another process may clear the cache in between.
     */
    static boolean otherCategoryPageSurvives(MeterRegistry metrics) {
        String a = newCategory();
        String b = newCategory();
        Map<String, Object> body = product(a, "Survivor", "10.00");
        String id = create(body);
        create(product(b, "Bystander", "12.00"));
        long version = 1;
        for (int attempt = 0; attempt < 3; attempt++) {
            given().queryParam("category", b).get("/api/v1/products").then().statusCode(200);
            body.put("price", new java.math.BigDecimal(20 + attempt + ".00"));
            given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).header("If-Match", "\"" + version + "\"")
                    .body(body).put("/api/v1/products/" + id).then().statusCode(200);
            version++;
            double hits = count(metrics, "hit");
            given().queryParam("category", b).get("/api/v1/products").then().statusCode(200);
            if (count(metrics, "hit") > hits) {
                return true;
            }
        }
        return false;
    }

    private static double count(MeterRegistry metrics, String result) {
        return metrics.get("catalog.list.cache").tag("result", result).counter().count();
    }
}
