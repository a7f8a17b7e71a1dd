package io.scalableapi.user.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.scalableapi.user.TestKeycloak;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Admin routes: role admin only; alice may neither search nor read bob's profile by id. */
@QuarkusTest
class AdminUsersResourceTest {

    @BeforeEach
    void everySeededUserHasAProfile() {
        for (String token : new String[] {TestKeycloak.alice(), TestKeycloak.bob(), TestKeycloak.admin()}) {
            given().auth().oauth2(token).get("/api/v1/users/me").then().statusCode(200);
        }
    }

    @Test
    void aliceCannotReadBobsProfileById() {
        UUID bob = TestKeycloak.subject(TestKeycloak.bob());
        given().auth().oauth2(TestKeycloak.alice()).get("/api/v1/users/" + bob).then().statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void aliceCannotSearchUsers() {
        given().auth().oauth2(TestKeycloak.alice()).get("/api/v1/users").then().statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void adminReadsAProfileById() {
        UUID bob = TestKeycloak.subject(TestKeycloak.bob());
        given().auth().oauth2(TestKeycloak.admin()).get("/api/v1/users/" + bob).then().statusCode(200)
                .header("Cache-Control", "private, no-store").header("ETag", notNullValue())
                .body("username", equalTo("bob"));
    }

    @Test
    void adminGetsNotFoundForAnUnknownId() {
        given().auth().oauth2(TestKeycloak.admin()).get("/api/v1/users/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void adminSearchFindsByEmailFragment() {
        given().auth().oauth2(TestKeycloak.admin()).queryParam("q", "BOB@EXAMPLE").get("/api/v1/users").then()
                .statusCode(200).header("Cache-Control", "private, no-store")
                .body("items.username", hasItem("bob"));
    }

    @Test
    void adminPagesThroughUsersWithTheCursor() {
        String token = TestKeycloak.admin();
        Response first = given().auth().oauth2(token).queryParam("limit", 1).get("/api/v1/users");
        first.then().statusCode(200).body("items", hasSize(1)).body("nextCursor", notNullValue());

        Response second = given().auth().oauth2(token).queryParam("limit", 1)
                .queryParam("cursor", first.<String>path("nextCursor")).get("/api/v1/users");
        second.then().statusCode(200).body("items", hasSize(1));
        assertNotEquals(first.<String>path("items[0].id"), second.<String>path("items[0].id"));
    }
}
