package io.scalableapi.catalog;

import static io.restassured.RestAssured.given;
import static io.scalableapi.catalog.CatalogFixtures.create;
import static io.scalableapi.catalog.CatalogFixtures.newCategory;
import static io.scalableapi.catalog.CatalogFixtures.product;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.scalableapi.catalog.ReplicaServers.TableCounters;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The catalog against the real primary (5432) and its hot standby (5433): who serves the reads, read-your-writes while
 * the standby's replay is paused, and reads while the standby is stopped. Uncached, so every read reaches a server.
 */
@QuarkusTest
@TestProfile(ReplicaProfiles.Uncached.class)
class ReplicaReadsResourceTest {
    /** platform.read-replica.max-staleness (default). */
    private static final long BOUND_MS = 1_000;

    @Inject
    MeterRegistry metrics;

    @Inject
    AgroalDataSource primaryPool;

    @Inject
    @DataSource("replica")
    AgroalDataSource replicaPool;

    @Test
    void aReadHeavyJourneyIsServedByTheReplicaAndEveryWriteByThePrimary() throws Exception {
        awaitReplicaUsable();
        String category = newCategory();
        List<String> ids = new ArrayList<>();
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Map<String, Object> body = product(category, "Replica " + i, (10 + i) + ".00");
            ids.add(create(body));
            skus.add((String) body.get("sku"));
        }
        awaitReplicaUsable();
        try (Connection primary = ReplicaServers.primary(); Connection replica = ReplicaServers.replica()) {
            TableCounters primaryBefore = settled(primary);
            TableCounters replicaBefore = settled(replica);

            int reads = 0;
            int writes = 0;
            for (int round = 0; round < 30; round++) {
                String id = ids.get(round % ids.size());
                given().queryParam("sort", "name").get("/api/v1/products").then().statusCode(200);
                given().queryParam("category", category).queryParam("sort", "-price").get("/api/v1/products")
                        .then().statusCode(200);
                given().queryParam("minPrice", "11").queryParam("maxPrice", "14").get("/api/v1/products")
                        .then().statusCode(200);
                given().get("/api/v1/products/" + id).then().statusCode(200);
                given().get("/api/v1/products/" + ids.get((round + 1) % ids.size())).then().statusCode(200);
                given().get("/api/v1/products/" + ids.get((round + 2) % ids.size())).then().statusCode(200);
                given().get("/api/v1/products/sku/" + skus.get(round % skus.size())).then().statusCode(200);
                given().get("/api/v1/categories").then().statusCode(200);
                given().get("/api/v1/categories/" + category).then().statusCode(200);
                given().queryParam("status", "ACTIVE").get("/api/v1/products").then().statusCode(200);
                reads += 10;
                if (round % 10 == 4) {
                    // A few writes in between: a read-heavy mix, not a read-only one.
                    Map<String, Object> body = product(category, "Replica changed " + round, "20.00");
                    body.put("sku", skus.get(writes));
                    given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).header("If-Match", "\"1\"")
                            .body(body).put("/api/v1/products/" + ids.get(writes)).then().statusCode(200);
                    writes++;
                }
            }
            TableCounters onPrimary = settled(primary).minus(primaryBefore);
            TableCounters onReplica = settled(replica).minus(replicaBefore);
            double share = onReplica.scans() / (double) (onReplica.scans() + onPrimary.scans());
            Figures.record("replica: read-heavy journey (" + reads + " uncached reads, " + writes + " writes)",
                    String.format("table reads on the replica %d, on the primary %d (the writes' own reads): %.1f %% "
                            + "on the replica; rows written on the primary %d, on the replica %d",
                            onReplica.scans(), onPrimary.scans(), 100 * share, onPrimary.rowsWritten(),
                            onReplica.rowsWritten()));
            assertTrue(share >= 0.9, "at least 90 % of the table reads on the replica: " + share);
            assertEquals(0, onReplica.rowsWritten(), "nothing is written on the replica");
            assertTrue(onPrimary.rowsWritten() >= writes, "every write on the primary: " + onPrimary);
        }
    }

    @Test
    void theWriterReadsItsWriteWhileReplayIsPausedAndOthersAreStaleWithinTheBound() {
        String id = create(product(newCategory(), "Lagging", "5.00"));
        await("the replica has the product", () -> given().get("/api/v1/products/" + id).statusCode() == 200);
        awaitReplicaUsable();
        long staleForMs;
        ReplicaServers.pauseReplay();
        try {
            Map<String, Object> body = product((String) given().get("/api/v1/products/" + id).path("categoryId"),
                    "Lagging", "6.00");
            given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).header("If-Match", "\"1\"").body(body)
                    .put("/api/v1/products/" + id).then().statusCode(200);
            long written = System.nanoTime();
            assertEquals(2, version(Tokens.admin(), id), "the writer reads its own write");
            assertEquals(1, version(null, id), "another client reads the replica, which has not replayed it");
            double unusableBefore = reads("primary", "replica-unusable");
            await("another client sees version 2 while replay is still paused", () -> version(null, id) == 2);
            staleForMs = (System.nanoTime() - written) / 1_000_000;
            assertTrue(reads("primary", "replica-unusable") > unusableBefore, "it was served by the primary");
            assertEquals(2, version(Tokens.admin(), id), "the writer still reads its own write");
        } finally {
            ReplicaServers.resumeReplay();
        }
        long resumed = System.nanoTime();
        await("both read version 2 from the replica again", () -> {
            double replicaBefore = reads("replica", "replica");
            return version(null, id) == 2 && version(Tokens.admin(), id) == 2
                    && reads("replica", "replica") >= replicaBefore + 2;
        });
        long backMs = (System.nanoTime() - resumed) / 1_000_000;
        Figures.record("replica: read-your-writes with replay paused",
                "writer read version 2 at once (pinned to the primary); another client read version 1, then version 2 "
                        + staleForMs + " ms after the write (bound " + BOUND_MS + " ms, from the primary); after resume "
                        + "both read version 2 from the replica within " + backMs + " ms");
        assertTrue(staleForMs <= BOUND_MS + 700, "stale for at most the bound (+ poll and request time): " + staleForMs);
    }

    @Test
    void readsAnswerFromThePrimaryWhileTheReplicaIsStoppedAndReturnToItWithoutARestart() {
        String category = newCategory();
        String id = create(product(category, "Outage", "7.00"));
        await("the replica has the product", () -> given().get("/api/v1/products/" + id).statusCode() == 200);
        awaitReplicaUsable();
        List<Long> millis = new ArrayList<>();
        int ok = 0;
        ReplicaServers.replicaServer("down");
        try {
            for (int i = 0; i < 60; i++) {
                String path = switch (i % 3) {
                    case 0 -> "/api/v1/products/" + id;
                    case 1 -> "/api/v1/products?category=" + category;
                    default -> "/api/v1/categories";
                };
                long start = System.nanoTime();
                int status = given().get(path).statusCode();
                millis.add((System.nanoTime() - start) / 1_000_000);
                ok += status == 200 ? 1 : 0;
            }
            assertEquals(0.0, metrics.get("platform.db.replica.usable").gauge().value(), "the replica is marked down");
        } finally {
            ReplicaServers.replicaServer("up");
        }
        long restarted = System.nanoTime();
        double replicaBefore = reads("replica", "replica");
        await("reads go to the replica again", () -> {
            given().get("/api/v1/products/" + id).then().statusCode(200);
            return reads("replica", "replica") > replicaBefore;
        });
        long backMs = (System.nanoTime() - restarted) / 1_000_000;
        long slowest = millis.stream().mapToLong(Long::longValue).max().orElseThrow();
        Figures.record("replica: stopped, then started again",
                String.format("%d/%d reads 200 while it was down (slowest %d ms, bound %d ms); reads on it again %d ms "
                        + "after it was back, no restart", ok, millis.size(), slowest, BOUND_MS, backMs));
        assertEquals(millis.size(), ok, "every read answered 200 from the primary");
        assertTrue(slowest < BOUND_MS, "no read waited on the stopped replica: " + millis);
    }

    private static int version(String token, String id) {
        var request = token == null ? given() : given().auth().oauth2(token);
        return request.get("/api/v1/products/" + id).then().statusCode(200).extract().path("version");
    }

    private double reads(String server, String reason) {
        return metrics.get("platform.db.reads").tag("server", server).tag("reason", reason).counter().count();
    }

    private void awaitReplicaUsable() {
        await("the replica is usable", () -> metrics.get("platform.db.replica.usable").gauge().value() == 1.0);
    }

    /**
     * The server's counters once this app's sessions have reported: a backend reports when it ends, so the pools'
     * connections are closed first, then the counters are read until they stop moving.
     */
    private TableCounters settled(Connection server) throws Exception {
        primaryPool.flush(AgroalDataSource.FlushMode.ALL);
        replicaPool.flush(AgroalDataSource.FlushMode.ALL);
        TableCounters last = ReplicaServers.counters(server, ReplicaProfiles.OwnSchema.NAME);
        for (int i = 0; i < 40; i++) {
            Thread.sleep(250);
            TableCounters now = ReplicaServers.counters(server, ReplicaProfiles.OwnSchema.NAME);
            if (now.equals(last) && i >= 2) {
                return now;
            }
            last = now;
        }
        return last;
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within 20 s: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
