package io.scalableapi.catalog;

import static io.restassured.RestAssured.given;
import static io.scalableapi.catalog.CatalogFixtures.create;
import static io.scalableapi.catalog.CatalogFixtures.newCategory;
import static io.scalableapi.catalog.CatalogFixtures.product;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keyset paging: every product exactly once, in order, even when rows are inserted between pages. */
@QuarkusTest
class ProductPagingResourceTest {

    @Test
    void pagesByPriceStayStableWhileProductsAreInserted() {
        String category = newCategory();
        for (int i = 1; i <= 7; i++) {
            create(product(category, "Item " + i, i + "0.00"));
        }

        List<String> seen = new ArrayList<>();
        JsonPath page = page(category, null);
        seen.addAll(page.getList("items.name"));
        // Inserted before the cursor position (cheaper than everything seen): must not shift later pages.
        create(product(category, "Cheap newcomer", "1.00"));
        // Inserted after it: must show up once, in its place.
        create(product(category, "Dear newcomer", "99.00"));
        String cursor = page.getString("nextCursor");
        while (cursor != null) {
            page = page(category, cursor);
            seen.addAll(page.getList("items.name"));
            cursor = page.getString("nextCursor");
        }
        assertEquals(List.of("Item 1", "Item 2", "Item 3", "Item 4", "Item 5", "Item 6", "Item 7", "Dear newcomer"), seen);
    }

    @Test
    void filtersAndDescendingSortCombine() {
        String category = newCategory();
        create(product(category, "Blue kettle", "30.00"));
        create(product(category, "Red kettle", "50.00"));
        create(product(category, "Red teapot", "70.00"));
        var discontinued = product(category, "Old red kettle", "40.00");
        discontinued.put("status", "DISCONTINUED");
        create(discontinued);

        given().queryParam("category", category).queryParam("q", "kettle").queryParam("status", "ACTIVE")
                .queryParam("minPrice", "20").queryParam("maxPrice", "60").queryParam("sort", "-price")
                .get("/api/v1/products").then().statusCode(200)
                .body("items.name", equalTo(List.of("Red kettle", "Blue kettle")));
        given().queryParam("category", category).queryParam("sort", "-name").queryParam("limit", 2)
                .get("/api/v1/products").then().statusCode(200)
                .body("items.name", equalTo(List.of("Red teapot", "Red kettle")));
    }

    @Test
    void aCursorOnlyWorksWithItsOwnQuery() {
        String category = newCategory();
        for (String name : List.of("A", "B", "C", "D")) {
            create(product(category, name, (name.charAt(0) - 'A' + 1) + ".00"));
        }
        String cursor = page(category, null).getString("nextCursor");
        given().queryParam("category", category).queryParam("limit", 1).queryParam("sort", "name")
                .queryParam("cursor", cursor).get("/api/v1/products")
                .then().statusCode(400).body("errors[0].field", equalTo("cursor"));
        JsonPath last = page(category, cursor);
        assertEquals(List.of("D"), last.getList("items.name"));
        assertNull(last.getString("nextCursor"));
    }

    private static JsonPath page(String category, String cursor) {
        var request = given().queryParam("category", category).queryParam("sort", "price").queryParam("limit", 3);
        if (cursor != null) {
            request.queryParam("cursor", cursor);
        }
        return request.get("/api/v1/products").then().statusCode(200).extract().jsonPath();
    }
}
