package io.scalableapi.gateway.journeys;

import static io.scalableapi.gateway.journeys.Journey.anonymous;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An anonymous client browses categories and products through the gateway, pages, filters and revalidates. */
@ExtendWith(RunningPlatform.class)
class AnonymousBrowsingIT {

    @Test
    void browsesPagesFiltersAndRevalidates() {
        String category = Journey.category("Garden");
        String sku = Journey.unique("rake");
        Journey.product(category, sku + "-a", "10.00");
        Journey.product(category, sku + "-b", "20.00");
        Journey.product(category, sku + "-c", "30.00");

        anonymous().get("/api/v1/categories").then().statusCode(200);

        String cursor = anonymous().queryParam("category", category).queryParam("sort", "price")
                .queryParam("limit", 2).get("/api/v1/products")
                .then().statusCode(200)
                .body("items.price", contains(10.0f, 20.0f))
                .body("nextCursor", notNullValue())
                .extract().path("nextCursor");
        anonymous().queryParam("category", category).queryParam("sort", "price").queryParam("limit", 2)
                .queryParam("cursor", cursor).get("/api/v1/products")
                .then().statusCode(200).body("items.sku", contains(sku + "-c")).body("nextCursor", nullValue());

        anonymous().queryParam("category", category).queryParam("minPrice", "15").queryParam("maxPrice", "25")
                .get("/api/v1/products").then().statusCode(200)
                .body("items", hasSize(1)).body("items.sku", everyItem(org.hamcrest.Matchers.endsWith("-b")));

        var first = anonymous().get("/api/v1/products/sku/" + sku + "-a").then().statusCode(200)
                .header("ETag", notNullValue()).extract();
        String etag = first.header("ETag");
        int status = anonymous().header("If-None-Match", etag).get("/api/v1/products/" + first.path("id"))
                .then().extract().statusCode();
        assertEquals(304, status, "a conditional GET with the current ETag is answered 304 through the gateway");
    }

    @Test
    void badInputAndUnknownPathsAreProblemsNotErrors() {
        anonymous().queryParam("cursor", "not-a-cursor").get("/api/v1/products")
                .then().statusCode(400).contentType("application/problem+json");
        anonymous().get("/api/v1/nowhere").then().statusCode(404).contentType("application/problem+json");
    }
}
