package io.scalableapi.user.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.scalableapi.contracts.caches.CacheNames;
import io.scalableapi.defaults.cache.PlatformCaches;
import io.scalableapi.defaults.seams.PausePoints;
import io.scalableapi.user.NewUsers;
import io.scalableapi.user.TestKeycloak;
import io.scalableapi.user.domain.ProfileCache;
import io.scalableapi.user.domain.ProfileService;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 9: a person's first-ever profile read racing their erasure cannot leave a profile behind. The read is
 * held after it found neither a profile nor an erasure, just before it creates the profile; the erasure then runs
 * until it either finishes or waits for the read (the per-person lock), and only then does the read go on.
 */
@QuarkusTest
class ErasureRaceResourceTest {
    @Inject
    AgroalDataSource db;

    @Inject
    PlatformCaches caches;

    @Inject
    ProfileCache profiles;

    @Inject
    PausePoints points;

    private final NewUsers users = new NewUsers();

    @AfterEach
    void removeCreatedUsers() {
        users.cleanUp();
    }

    @Test
    void aFirstReadRacingTheErasureLeavesNoProfile() throws Exception {
        NewUsers.Person person = NewUsers.person();
        UUID id = users.registered(person);
        String token = person.token();
        // A Keycloak user who never called the service: no profile yet (as when an administrator created the login).
        update("delete from user_profile where user_id = ?", id);
        caches.remove(CacheNames.USER_PROFILES, profiles.key(id));
        PausePoints.Pause pause = points.arm(ProfileService.FIRST_PROFILE_INSERT, id.toString());

        CompletableFuture<Integer> firstRead = CompletableFuture.supplyAsync(
                () -> given().auth().oauth2(token).get("/api/v1/users/me").statusCode());
        pause.awaitReached(Duration.ofSeconds(30));
        CompletableFuture<Integer> erasure = CompletableFuture.supplyAsync(
                () -> given().auth().oauth2(token).delete("/api/v1/users/me").statusCode());
        awaitDoneOrWaitingForALock(erasure);
        pause.release();

        assertEquals(204, erasure.get(30, TimeUnit.SECONDS));
        firstRead.get(30, TimeUnit.SECONDS);
        assertEquals(0, count("select count(*) from user_profile where user_id = ?", id), "no profile is left");
        given().auth().oauth2(token).get("/api/v1/users/me").then().statusCode(404);
        given().auth().oauth2(TestKeycloak.admin()).get("/api/v1/users/" + id).then().statusCode(404);
    }

    /**
     * Without a per-person lock the erasure finishes while the read is held; with one it blocks on the lock the read
     * holds, which PostgreSQL shows as a backend waiting on an advisory lock. Either state is observed, not guessed.
     */
    private void awaitDoneOrWaitingForALock(CompletableFuture<?> erasure) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!erasure.isDone() && count("select count(*) from pg_stat_activity where datname = current_database()"
                + " and wait_event_type = 'Lock' and wait_event = 'advisory'") == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The erasure neither finished nor waited for the read within 30 s");
            }
            TimeUnit.MILLISECONDS.sleep(20); // a polling interval for the observed state, not a guess at timing
        }
    }

    private void update(String sql, UUID id) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, id);
            s.executeUpdate();
        }
    }

    private long count(String sql, Object... params) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
