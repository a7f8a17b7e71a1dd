package io.scalableapi.catalog;

import static io.restassured.RestAssured.given;
import static io.scalableapi.catalog.CatalogFixtures.create;
import static io.scalableapi.catalog.CatalogFixtures.newCategory;
import static io.scalableapi.catalog.CatalogFixtures.product;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.scalableapi.contracts.errors.Problem;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed requests of every kind: each is a 4xx problem+json with a stable type and a correlation id, never a 500. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputResourceTest {
    private static final String PRODUCTS = "/api/v1/products";
    private static final ObjectMapper JSON = new ObjectMapper();

    private String category;
    private String productId;

    /** Created on first use: the HTTP port is only known once the first test runs. */
    private void fixtures() {
        if (category == null) {
            category = newCategory();
            productId = create(product(category, "Target", "9.99"));
        }
    }

    Stream<Arguments> malformed() {
        return Stream.of(
                post("not JSON", "{\"sku\": ", 400, "malformed-request"),
                post("unknown field", () -> with("colour", "red"), 400, "validation"),
                post("price is a string", () -> with("price", "12.00"), 400, "validation"),
                post("stock is fractional", () -> with("stockQuantity", 1.5), 400, "validation"),
                post("stock is negative", () -> with("stockQuantity", -1), 400, "validation"),
                post("price has three decimals", () -> with("price", 1.234), 400, "validation"),
                post("price is negative", () -> with("price", -1), 400, "validation"),
                post("unknown currency", () -> with("currency", "XYZ"), 400, "validation"),
                post("lower-case currency", () -> with("currency", "eur"), 400, "validation"),
                post("unknown status", () -> with("status", "SOLD_OUT"), 400, "validation"),
                post("blank name", () -> with("name", " "), 400, "validation"),
                post("sku with spaces", () -> with("sku", "a b"), 400, "validation"),
                post("category not a UUID", () -> with("categoryId", "42"), 400, "validation"),
                post("unknown category", () -> with("categoryId", UUID.randomUUID().toString()), 400, "validation"),
                post("NUL character in the name", () -> with("name", "a\u0000b"), 400, "validation"),
                post("NUL character in an attribute key", () -> with("attributes", Map.of("a\u0000", "b")), 400, "validation"),
                req("NUL character in a category cursor", r -> r.urlEncodingEnabled(false).get("/api/v1/categories?after=%00"),
                        400, "validation"),
                req("NUL character in a query parameter name", r -> r.urlEncodingEnabled(false).get(PRODUCTS + "?%00=1"),
                        400, "validation"),
                post("nested attribute", () -> with("attributes", Map.of("size", Map.of("w", 1))), 400, "validation"),
                post("body is an array", "[]", 400, "validation"),
                post("empty body", "", 400, "validation"),
                post("oversized body", "{\"description\":\"" + "x".repeat(70_000) + "\"}", 413, "payload-too-large"),
                req("wrong content type", r -> r.contentType("text/plain").body("hello").post(PRODUCTS), 415,
                        "unsupported-media-type"),
                req("bad idempotency key", r -> json(r).header("Idempotency-Key", "bad key!").body(valid()).post(PRODUCTS),
                        400, "validation"),
                get("limit too large", PRODUCTS + "?limit=1000", 400, "validation"),
                get("limit not a number", PRODUCTS + "?limit=ten", 400, "validation"),
                get("minPrice not a number", PRODUCTS + "?minPrice=cheap", 400, "validation"),
                get("minPrice above maxPrice", PRODUCTS + "?minPrice=10&maxPrice=5", 400, "validation"),
                get("unknown sort", PRODUCTS + "?sort=colour", 400, "validation"),
                get("unknown status filter", PRODUCTS + "?status=gone", 400, "validation"),
                get("category filter not a UUID", PRODUCTS + "?category=abc", 400, "validation"),
                get("garbage cursor", PRODUCTS + "?cursor=garbage", 400, "validation"),
                get("forged cursor", PRODUCTS + "?cursor=eyJxIjoic29ydD1jcmVhdGVkIiwiayI6IngiLCJpIjoieCJ9.AAAA", 400,
                        "validation"),
                get("id not a UUID", PRODUCTS + "/not-a-uuid", 400, "validation"),
                get("unknown product", PRODUCTS + "/" + UUID.randomUUID(), 404, "not-found"),
                get("unknown path", "/api/v1/nothing-here", 404, "not-found"),
                req("weak If-Match", r -> json(r).header("If-Match", "W/\"1\"").body(valid()).put(PRODUCTS + "/" + productId),
                        400, "validation"),
                req("If-Match not ours", r -> json(r).header("If-Match", "\"abc\"").body(valid()).put(PRODUCTS + "/" + productId),
                        412, "precondition-failed"),
                req("method not allowed", r -> r.patch(PRODUCTS), 405, "method-not-allowed"),
                req("invalid token", r -> r.auth().oauth2("not-a-token").contentType("application/json").body(valid())
                        .post(PRODUCTS), 401, "unauthorized"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void isAProblem(String name, java.util.function.Function<RequestSpecification, io.restassured.response.Response> call,
            int status, String type) {
        fixtures();
        call.apply(given().auth().oauth2(Tokens.admin()))
                .then().statusCode(status)
                .contentType(startsWith(Problem.MEDIA_TYPE))
                .body("status", equalTo(status))
                .body("type", equalTo("https://scalableapi.io/problems/" + type))
                .body("correlationId", notNullValue());
    }

    private Arguments post(String name, String body, int status, String type) {
        return req(name, r -> json(r).body(body).post(PRODUCTS), status, type);
    }

    /** A body built when the request runs, once the fixtures exist. */
    private Arguments post(String name, java.util.function.Supplier<String> body, int status, String type) {
        return req(name, r -> json(r).body(body.get()).post(PRODUCTS), status, type);
    }

    private Arguments get(String name, String url, int status, String type) {
        return req(name, r -> r.get(url), status, type);
    }

    private static Arguments req(String name,
            java.util.function.Function<RequestSpecification, io.restassured.response.Response> call, int status, String type) {
        return Arguments.of(name, call, status, type);
    }

    private static RequestSpecification json(RequestSpecification r) {
        return r.contentType("application/json");
    }

    private String valid() {
        return write(product(category, "Valid", "1.00"));
    }

    private String with(String field, Object value) {
        Map<String, Object> body = product(category, "Bad", "1.00");
        body.put(field, value);
        return write(body);
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
