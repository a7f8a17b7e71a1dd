package io.scalableapi.user.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.scalableapi.user.TestKeycloak;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The caller's own profile with the realm's seeded users (their profiles persist across runs in users_test, so
 * every test starts from what GET returns).
 */
@QuarkusTest
class MeResourceTest {

    @Test
    void firstCallCreatesTheProfileFromTheTokenAndResponsesArePrivate() {
        String token = TestKeycloak.bob();
        given().auth().oauth2(token).get("/api/v1/users/me").then().statusCode(200)
                .header("Cache-Control", "private, no-store")
                .header("ETag", not(emptyString()))
                .body("id", equalTo(TestKeycloak.subject(token).toString()))
                .body("username", equalTo("bob"))
                .body("email", equalTo("bob@example.test"));
    }

    @Test
    void matchingIfNoneMatchIsNotModified() {
        String token = TestKeycloak.bob();
        String etag = given().auth().oauth2(token).get("/api/v1/users/me").header("ETag");
        given().auth().oauth2(token).header("If-None-Match", etag).get("/api/v1/users/me").then().statusCode(304)
                .header("ETag", etag).header("Cache-Control", "private, no-store");
        given().auth().oauth2(token).header("If-None-Match", "\"0\"").get("/api/v1/users/me").then().statusCode(200);
    }

    @Test
    void putWithoutIfMatchIsPreconditionRequired() {
        given().auth().oauth2(TestKeycloak.alice()).contentType(ContentType.JSON).body(replacement("Alice"))
                .put("/api/v1/users/me").then().statusCode(428).contentType("application/problem+json")
                .body("type", equalTo("https://scalableapi.io/problems/precondition-required"));
    }

    @Test
    void putWithStaleIfMatchIsPreconditionFailedAndChangesNothing() {
        String token = TestKeycloak.alice();
        Response before = given().auth().oauth2(token).get("/api/v1/users/me");
        long version = before.jsonPath().getLong("version");

        given().auth().oauth2(token).header("If-Match", "\"" + (version + 7) + "\"").contentType(ContentType.JSON)
                .body(replacement("Someone else")).put("/api/v1/users/me")
                .then().statusCode(412).contentType("application/problem+json");
        given().auth().oauth2(token).get("/api/v1/users/me").then()
                .body("version", equalTo((int) version)).body("displayName", equalTo(before.path("displayName")));
    }

    @Test
    void putWithCurrentETagReplacesAndIncrementsTheVersion() {
        String token = TestKeycloak.alice();
        Response before = given().auth().oauth2(token).get("/api/v1/users/me");
        long version = before.jsonPath().getLong("version");
        String name = "Alice " + UUID.randomUUID().toString().substring(0, 6);

        given().auth().oauth2(token).header("If-Match", before.header("ETag")).contentType(ContentType.JSON)
                .body(replacement(name)).put("/api/v1/users/me").then().statusCode(200)
                .header("ETag", "\"" + (version + 1) + "\"")
                .body("displayName", equalTo(name)).body("version", equalTo((int) version + 1));
    }

    @Test
    void mergePatchChangesOnlyTheNamedFieldsAndNullRemovesAPreference() {
        String token = TestKeycloak.alice();
        String etag = given().auth().oauth2(token).get("/api/v1/users/me").header("ETag");
        String etag2 = given().auth().oauth2(token).header("If-Match", etag).contentType("application/merge-patch+json")
                .body("{\"preferences\": {\"theme\": \"dark\", \"density\": \"compact\"}}")
                .patch("/api/v1/users/me").then().statusCode(200)
                .body("preferences.theme", equalTo("dark")).body("preferences.density", equalTo("compact"))
                .extract().header("ETag");

        given().auth().oauth2(token).header("If-Match", etag2).contentType("application/merge-patch+json")
                .body("{\"preferences\": {\"theme\": null}, \"locale\": \"pt-BR\"}")
                .patch("/api/v1/users/me").then().statusCode(200)
                .body("preferences.theme", nullValue()).body("preferences.density", equalTo("compact"))
                .body("locale", equalTo("pt-BR")).body("email", equalTo("alice@example.test"));
    }

    @Test
    void exportReturnsTheProfileTheAccountAndTheEventsAboutTheCaller() {
        String token = TestKeycloak.alice();
        String id = TestKeycloak.subject(token).toString();
        given().auth().oauth2(token).get("/api/v1/users/me").then().statusCode(200);

        given().auth().oauth2(token).get("/api/v1/users/me/export").then().statusCode(200)
                .header("Cache-Control", "private, no-store")
                .header("Content-Disposition", "attachment; filename=\"user-data-export.json\"")
                .body("exportedAt", notNullValue())
                .body("profile.id", equalTo(id))
                .body("account.username", equalTo("alice"))
                .body("account.email", equalTo("alice@example.test"))
                .body("account.realmRoles", hasItem("user"))
                .body("events.type", hasItem("io.scalableapi.user.registered.v1"));
    }

    @Test
    void anonymousCallerGetsProblem401() {
        given().get("/api/v1/users/me").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer");
    }

    static Map<String, Object> replacement(String displayName) {
        return Map.of("displayName", displayName, "locale", "en", "marketingConsent", false,
                "preferences", Map.of("theme", "light"));
    }
}
