package io.scalableapi.user.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import io.scalableapi.contracts.caches.CacheNames;
import io.scalableapi.defaults.cache.PlatformCaches;
import io.scalableapi.defaults.seams.PausePoints;
import io.scalableapi.user.NewUsers;
import io.scalableapi.user.TestKeycloak;
import io.scalableapi.user.domain.ProfileCache;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 8: a read that loaded a profile just before the erasure committed must not put it back into the cache
 * afterwards. The read is held between "loaded from the database" and "written to the cache" while the erasure runs.
 */
@QuarkusTest
class ErasedProfileNotRecachedResourceTest {
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
    void aReadHeldAcrossTheErasureDoesNotRecacheTheProfile() throws Exception {
        NewUsers.Person person = NewUsers.person();
        UUID id = users.registered(person);
        String token = person.token();
        caches.remove(CacheNames.USER_PROFILES, profiles.key(id));
        PausePoints.Pause pause = points.arm(PausePoints.CACHE_FILL,
                PausePoints.cacheEntry(CacheNames.USER_PROFILES, profiles.key(id)));

        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(
                () -> given().auth().oauth2(token).get("/api/v1/users/me").statusCode());
        pause.awaitReached(Duration.ofSeconds(30));
        given().auth().oauth2(token).delete("/api/v1/users/me").then().statusCode(204);
        pause.release();
        assertEquals(200, read.get(30, TimeUnit.SECONDS), "the held read answers what it loaded before the erasure");

        // The access token is still valid: neither the person nor an administrator may see the profile again.
        given().auth().oauth2(token).get("/api/v1/users/me").then().statusCode(404);
        given().auth().oauth2(TestKeycloak.admin()).get("/api/v1/users/" + id).then().statusCode(404);
        assertFalse(caches.get(CacheNames.USER_PROFILES, profiles.key(id)).isPresent(), "no profile data is cached");
    }
}
