package io.scalableapi.user.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.scalableapi.user.Figures;
import io.scalableapi.user.TestKeycloak;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The admin search reads the hot standby (5433); the caller's own profile is read inside a transaction, on the
 * primary. With the standby's replay paused, a person's change is seen at once by that person, by the admin's search
 * within the staleness bound, and an admin's own change at once in the admin's search (read-your-writes).
 */
@QuarkusTest
@TestProfile(ReplicaSearchResourceTest.ReplicaOn.class)
class ReplicaSearchResourceTest {
    /** platform.read-replica.max-staleness (default). */
    private static final long BOUND_MS = 1_000;

    public static class ReplicaOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("platform.read-replica.enabled", "true");
        }
    }

    @Inject
    MeterRegistry metrics;

    /** Username -> profile id of the users this test changes. */
    private final Map<String, String> ids = new java.util.HashMap<>();

    @Test
    void othersSearchWithinTheBoundAndTheAdminSeesItsOwnWriteAtOnce() {
        String alice = TestKeycloak.alice();
        String admin = TestKeycloak.admin();
        ids.put("admin", given().auth().oauth2(admin).get("/api/v1/users/me").then().statusCode(200).extract().path("id"));
        Response aliceMe = given().auth().oauth2(alice).get("/api/v1/users/me");
        aliceMe.then().statusCode(200);
        ids.put("alice", aliceMe.path("id"));
        String before = aliceMe.path("displayName");
        await("the admin's search reads the replica", () -> usable() && displayName(admin, "alice").equals(before));

        String aliceName = "Alice " + UUID.randomUUID().toString().substring(0, 6);
        long staleForMs;
        replay("pause");
        try {
            replace(alice, aliceName);
            long written = System.nanoTime();
            assertEquals(aliceName, given().auth().oauth2(alice).get("/api/v1/users/me").path("displayName"),
                    "alice reads her own change");
            assertEquals(before, displayName(admin, "alice"), "the admin's search reads the lagging replica");
            await("the search shows alice's change while replay is still paused",
                    () -> aliceName.equals(displayName(admin, "alice")));
            staleForMs = (System.nanoTime() - written) / 1_000_000;
        } finally {
            replay("resume");
        }
        await("the replica is usable again", this::usable);

        String adminName = "Admin " + UUID.randomUUID().toString().substring(0, 6);
        replay("pause");
        try {
            replace(admin, adminName);
            assertEquals(adminName, displayName(admin, "admin"), "the admin's search shows the admin's own change");
            assertTrue(reads("primary", "pinned") > 0, "served by the primary because the admin is pinned");
        } finally {
            replay("resume");
        }
        await("both searches show the changes from the replica again", () -> {
            double onReplica = reads("replica", "replica");
            return adminName.equals(displayName(admin, "admin")) && aliceName.equals(displayName(admin, "alice"))
                    && reads("replica", "replica") >= onReplica + 2;
        });
        String figure = "alice read her change at once (transaction, primary); the admin's search showed her old name "
                + "for " + staleForMs + " ms (bound " + BOUND_MS + " ms); the admin's own change showed in its search "
                + "at once (pinned); after resume both on the replica";
        Figures.record("replica: admin search with replay paused", figure);
        assertTrue(staleForMs <= BOUND_MS + 700, "stale for at most the bound (+ poll and request time): " + staleForMs);
    }

    private static void replace(String token, String name) {
        Response current = given().auth().oauth2(token).get("/api/v1/users/me");
        given().auth().oauth2(token).header("If-Match", current.header("ETag")).contentType(ContentType.JSON)
                .body(MeResourceTest.replacement(name)).put("/api/v1/users/me").then().statusCode(200);
    }

    /**
     * The display name the admin search shows for this user's own profile, found by its id: the shared test database
     * may hold older profiles with the same username (a Keycloak started afresh gives its users new ids).
     */
    private String displayName(String token, String username) {
        String id = ids.get(username);
        List<Map<String, Object>> items = given().auth().oauth2(token).queryParam("q", username).queryParam("limit", 100)
                .get("/api/v1/users").then().statusCode(200).extract().path("items");
        return items.stream().filter(i -> id.equals(i.get("id"))).map(i -> (String) i.get("displayName"))
                .findFirst().orElseThrow(() -> new AssertionError(username + " (" + id + ") not found by the search"));
    }

    private boolean usable() {
        return metrics.get("platform.db.replica.usable").gauge().value() == 1.0;
    }

    private double reads(String server, String reason) {
        return metrics.get("platform.db.reads").tag("server", server).tag("reason", reason).counter().count();
    }

    private static void replay(String verb) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5433/users_test", "postgres", "");
                Statement st = c.createStatement()) {
            st.execute("select pg_wal_replay_" + verb + "()");
        } catch (SQLException e) {
            throw new IllegalStateException("pg_wal_replay_" + verb + " on the replica", e);
        }
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
