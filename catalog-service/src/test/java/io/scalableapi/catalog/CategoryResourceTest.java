package io.scalableapi.catalog;

import static io.restassured.RestAssured.given;
import static io.scalableapi.catalog.CatalogFixtures.create;
import static io.scalableapi.catalog.CatalogFixtures.newCategory;
import static io.scalableapi.catalog.CatalogFixtures.product;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Category CRUD: admin-only conditional writes, and a category with products cannot be deleted. */
@QuarkusTest
class CategoryResourceTest {

    @Test
    void renameThenDeleteOnlyWhenEmpty() {
        String id = newCategory();
        String url = "/api/v1/categories/" + id;
        String name = "renamed-" + UUID.randomUUID();

        given().get(url).then().statusCode(200).header("ETag", "\"1\"");
        given().auth().oauth2(Tokens.alice()).contentType(ContentType.JSON).body(Map.of("name", name))
                .header("If-Match", "\"1\"").put(url).then().statusCode(403);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("name", name))
                .header("If-Match", "\"1\"").put(url).then().statusCode(200).body("name", equalTo(name))
                .header("ETag", "\"2\"");

        String product = create(product(id, "Occupant", "1.00"));
        given().auth().oauth2(Tokens.admin()).header("If-Match", "\"2\"").delete(url).then().statusCode(409);
        given().auth().oauth2(Tokens.admin()).header("If-Match", "\"1\"").delete("/api/v1/products/" + product)
                .then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).header("If-Match", "\"2\"").delete(url).then().statusCode(204);
        given().get(url).then().statusCode(404);
    }

    @Test
    void duplicateNameIsAConflict() {
        String name = "dup-" + UUID.randomUUID();
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("name", name))
                .post("/api/v1/categories").then().statusCode(201);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("name", name))
                .post("/api/v1/categories").then().statusCode(409);
    }
}
