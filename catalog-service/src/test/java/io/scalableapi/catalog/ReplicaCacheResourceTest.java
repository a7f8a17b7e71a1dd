package io.scalableapi.catalog;

import static io.restassured.RestAssured.given;
import static io.scalableapi.catalog.CatalogFixtures.create;
import static io.scalableapi.catalog.CatalogFixtures.newCategory;
import static io.scalableapi.catalog.CatalogFixtures.product;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.scalableapi.contracts.caches.CacheNames;
import io.scalableapi.defaults.cache.PlatformCaches;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * With replay paused on the standby, a product changes, its cache entry goes (as an eviction or expiry would), and
 * readers miss and read the replica's older version: that version is served, but never cached, so once replay resumes
 * the cache holds the newer version, not the older one.
 */
@QuarkusTest
@TestProfile(ReplicaProfiles.Cached.class)
class ReplicaCacheResourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    PlatformCaches caches;

    @Inject
    MeterRegistry metrics;

    @Test
    void aLaggingReplicaNeverRefillsTheCacheWithAnOlderVersion() throws Exception {
        Map<String, Object> body = product(newCategory(), "Cached lagging", "5.00");
        String id = create(body);
        awaitReplicaHasVersion(id, 1);
        awaitReplicaUsable();
        List<Integer> served = new ArrayList<>();
        List<Long> cachedDuringPause = new ArrayList<>();
        ReplicaServers.pauseReplay();
        try {
            body.put("price", new java.math.BigDecimal("6.00"));
            given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).header("If-Match", "\"1\"").body(body)
                    .put("/api/v1/products/" + id).then().statusCode(200);
            assertEquals(2, cachedVersion(id), "the writer cached its version");
            for (int i = 0; i < 5; i++) {
                caches.remove(CacheNames.CATALOG_PRODUCTS, id);
                served.add(given().get("/api/v1/products/" + id).then().statusCode(200).extract().path("version"));
                cachedDuringPause.add(cachedVersion(id));
            }
        } finally {
            ReplicaServers.resumeReplay();
        }
        assertEquals(1, served.get(0), "the first miss was answered by the replica's older version (the case is real)");
        assertTrue(cachedDuringPause.stream().allMatch(v -> v != 1), "version 1 was never cached: " + cachedDuringPause);
        awaitReplicaHasVersion(id, 2);
        awaitReplicaUsable();
        assertNotEquals(1L, cachedVersion(id), "after resume");
        // Misses again: each refill may only ever put version 2 (a refill waits until the replica is current again).
        List<Long> cachedAfter = new ArrayList<>();
        long deadline = System.nanoTime() + 10_000_000_000L;
        do {
            caches.remove(CacheNames.CATALOG_PRODUCTS, id);
            assertEquals(2, (int) given().get("/api/v1/products/" + id).then().statusCode(200).extract().path("version"));
            cachedAfter.add(cachedVersion(id));
            Thread.sleep(50);
        } while (cachedAfter.get(cachedAfter.size() - 1) != 2 && System.nanoTime() < deadline);
        assertTrue(cachedAfter.stream().allMatch(v -> v != 1), "version 1 was never cached after resume: " + cachedAfter);
        assertEquals(2, cachedAfter.get(cachedAfter.size() - 1), "a refill cached version 2: " + cachedAfter);
        Figures.record("replica: no stale cache refill",
                "replay paused, version 2 written, entry evicted 5 times: reads served versions " + served
                        + ", cache held " + cachedDuringPause + " (0 = empty) and never 1; after resume the refills "
                        + "left " + cachedAfter + " in the cache");
    }

    /** The cached entry's version; 0 when nothing is cached. */
    private long cachedVersion(String id) throws Exception {
        var cached = caches.get(CacheNames.CATALOG_PRODUCTS, id);
        return cached.isEmpty() ? 0 : JSON.readTree(cached.get()).get("version").asLong();
    }

    private static void awaitReplicaHasVersion(String id, long version) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        try (Connection replica = ReplicaServers.replica();
                PreparedStatement st = replica.prepareStatement("select version from product where id = ?")) {
            st.setObject(1, UUID.fromString(id));
            while (true) {
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next() && rs.getLong(1) >= version) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("The replica did not replay version " + version + " of " + id);
                }
                Thread.sleep(20);
            }
        }
    }

    private void awaitReplicaUsable() throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (metrics.get("platform.db.replica.usable").gauge().value() != 1.0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The replica did not become usable");
            }
            Thread.sleep(20);
        }
    }
}
