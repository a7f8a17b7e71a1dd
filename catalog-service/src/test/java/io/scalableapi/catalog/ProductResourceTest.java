package io.scalableapi.catalog;

import static io.restassured.RestAssured.given;
import static io.scalableapi.catalog.CatalogFixtures.create;
import static io.scalableapi.catalog.CatalogFixtures.newCategory;
import static io.scalableapi.catalog.CatalogFixtures.product;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.scalableapi.contracts.errors.Problem;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Product CRUD through the API: roles, conditional requests and HTTP caching headers. */
@QuarkusTest
class ProductResourceTest {

    @Test
    void adminCreatesAnonymousReadsAliceMayNotWrite() {
        String category = newCategory();
        Map<String, Object> body = product(category, "Kettle", "39.90");

        given().contentType(ContentType.JSON).body(body).post("/api/v1/products")
                .then().statusCode(401).contentType(Problem.MEDIA_TYPE);
        given().auth().oauth2(Tokens.alice()).contentType(ContentType.JSON).body(body).post("/api/v1/products")
                .then().statusCode(403).contentType(Problem.MEDIA_TYPE).body("type", equalTo("https://scalableapi.io/problems/forbidden"));

        Response created = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/products");
        created.then().statusCode(201).header("Cache-Control", "no-store").header("ETag", "\"1\"")
                .header("Location", startsWith("/api/v1/products/"))
                .body("sku", equalTo(body.get("sku"))).body("price", equalTo(39.90f)).body("version", equalTo(1))
                .body("attributes.colour", equalTo("red"));
        String id = created.path("id");

        given().get("/api/v1/products/" + id).then().statusCode(200).header("ETag", "\"1\"")
                .header("Cache-Control", "public, max-age=30").body("name", equalTo("Kettle"))
                .body("categoryId", equalTo(category));
        given().get("/api/v1/products/sku/" + body.get("sku")).then().statusCode(200).body("id", equalTo(id));
        given().auth().oauth2(Tokens.alice()).header("If-Match", "\"1\"").delete("/api/v1/products/" + id)
                .then().statusCode(403);
        given().get("/api/v1/products/" + id).then().statusCode(200);
    }

    @Test
    void conditionalReadsAndWrites() {
        Map<String, Object> body = product(newCategory(), "Teapot", "20.00");
        String id = create(body);
        String url = "/api/v1/products/" + id;

        given().header("If-None-Match", "\"1\"").get(url).then().statusCode(304).header("ETag", "\"1\"");
        given().header("If-None-Match", "\"7\"").get(url).then().statusCode(200);

        body.put("price", new java.math.BigDecimal("24.50"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body).put(url)
                .then().statusCode(428).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("https://scalableapi.io/problems/precondition-required"))
                .body("correlationId", notNullValue());
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body).header("If-Match", "\"0\"").put(url)
                .then().statusCode(412).body("type", equalTo("https://scalableapi.io/problems/precondition-failed"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body).header("If-Match", "\"1\"").put(url)
                .then().statusCode(200).header("ETag", "\"2\"").header("Cache-Control", "no-store")
                .body("price", equalTo(24.50f)).body("version", equalTo(2));

        // The write replaced its own cache entry: the next read has the new version at once.
        given().get(url).then().statusCode(200).header("ETag", "\"2\"").body("price", equalTo(24.50f));
        given().header("If-None-Match", "\"1\"").get(url).then().statusCode(200);

        given().auth().oauth2(Tokens.admin()).delete(url).then().statusCode(428);
        given().auth().oauth2(Tokens.admin()).header("If-Match", "\"1\"").delete(url).then().statusCode(412);
        given().auth().oauth2(Tokens.admin()).header("If-Match", "\"2\"").delete(url).then().statusCode(204);
        given().get(url).then().statusCode(404).contentType(Problem.MEDIA_TYPE);
        given().auth().oauth2(Tokens.admin()).header("If-Match", "\"2\"").delete(url).then().statusCode(404);
    }

    @Test
    void duplicateSkuIsAConflict() {
        Map<String, Object> body = product(newCategory(), "Mug", "4.00");
        create(body);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body).post("/api/v1/products")
                .then().statusCode(409).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void listPagesCarryAValidator() {
        String category = newCategory();
        create(product(category, "Plate", "3.00"));
        String etag = given().queryParam("category", category).get("/api/v1/products")
                .then().statusCode(200).header("Cache-Control", "public, max-age=10").body("items.size()", equalTo(1))
                .extract().header("ETag");
        assertEquals(true, etag.startsWith("W/\""), etag);
        given().queryParam("category", category).header("If-None-Match", etag).get("/api/v1/products")
                .then().statusCode(304);

        create(product(category, "Bowl", "3.50"));
        given().queryParam("category", category).header("If-None-Match", etag).get("/api/v1/products")
                .then().statusCode(200).body("items.size()", equalTo(2));
    }
}
