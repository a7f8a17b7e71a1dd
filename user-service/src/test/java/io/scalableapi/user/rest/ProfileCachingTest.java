package io.scalableapi.user.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.scalableapi.contracts.caches.CacheNames;
import io.scalableapi.defaults.cache.PlatformCaches;
import io.scalableapi.user.domain.ProfileCache;
import io.scalableapi.user.NewUsers;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Profiles are cached in Infinispan's user-profiles cache, replaced on change and tombstoned on erasure. */
@QuarkusTest
class ProfileCachingTest {
    @Inject
    PlatformCaches caches;

    @Inject
    ProfileCache profiles;

    private final NewUsers users = new NewUsers();

    @AfterEach
    void removeCreatedUsers() {
        users.cleanUp();
    }

    @Test
    void cacheFollowsTheProfileThroughReadChangeAndErasure() {
        NewUsers.Person person = NewUsers.person();
        UUID id = users.registered(person);
        String token = person.token();
        caches.remove(CacheNames.USER_PROFILES, profiles.key(id));

        given().auth().oauth2(token).get("/api/v1/users/me").then().statusCode(200);
        assertTrue(cached(id).contains("\"version\":1"), "a read fills the cache");

        given().auth().oauth2(token).header("If-Match", "\"1\"").contentType(ContentType.JSON)
                .body(Map.of("displayName", "Cached", "locale", "en", "marketingConsent", false))
                .put("/api/v1/users/me").then().statusCode(200);
        assertTrue(cached(id).contains("\"version\":2") && cached(id).contains("\"displayName\":\"Cached\""),
                "a change replaces the cached profile");

        given().auth().oauth2(token).delete("/api/v1/users/me").then().statusCode(204);
        assertEquals("", cached(id), "erasure leaves nothing readable (a tombstone)");
    }

    private String cached(UUID id) {
        return caches.get(CacheNames.USER_PROFILES, profiles.key(id)).orElse("");
    }
}
