package io.scalableapi.catalog;

import static io.restassured.RestAssured.given;
import static io.scalableapi.catalog.CatalogFixtures.newCategory;
import static io.scalableapi.catalog.CatalogFixtures.product;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.scalableapi.contracts.errors.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 17 item 1: every numeric input is checked against its column's range (price numeric(14,2), stock integer >= 0,
 * page sizes) before any work. The numeral family (exponents, huge and tiny magnitudes, long digit strings, NaN,
 * Infinity, hex floats, underscores) goes into every numeric query parameter and body field: each is a 400 problem+json
 * naming the field, never a 500 (before the fix, {@code minPrice=1e-999999999} built a billion-character cache key).
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NumericRangeResourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    /** Jackson's StreamReadConstraints.maxNumberLength: longer numbers are refused by the parser itself. */
    private static final int MAX_JSON_NUMBER = 1000;

    private final List<String> fiveHundreds = new ArrayList<>();
    private int requests;

    /** Out of range or not a number for every numeric field of the catalog (prices, stock, page sizes). */
    static List<String> numerals() {
        return List.of("1e999999999", "1E-999999999", "-1e999999999", "1e-2147483647", "1e2147483648", "9".repeat(1000),
                "9".repeat(5000), "0." + "0".repeat(1000) + "1", "1" + "0".repeat(30), "12345678901234.5", "0.001",
                "-0.01", "1e-3", "-1", "NaN", "Infinity", "-Infinity", "0x1p3", "0x10", "1_000", "1__0", "1e", ".",
                "--1", "1.0.0");
    }

    @Test
    void queryParametersOutOfRangeAreRefusedNamingTheParameter() {
        for (String n : numerals()) {
            if (n.length() > 3000) {
                // Past the HTTP layer's request line (4096): refused before any of our code, as a bare 414 here and as a
                // problem by the gateway (UpstreamErrorShapeResourceTest). Such digit strings are tested in bodies.
                continue;
            }
            expectFieldError(given().queryParam("minPrice", n).get("/api/v1/products"), "minPrice", n);
            expectFieldError(given().queryParam("maxPrice", n).get("/api/v1/products"), "maxPrice", n);
            expectFieldError(given().queryParam("limit", n).get("/api/v1/products"), "limit", n);
            expectFieldError(given().queryParam("limit", n).get("/api/v1/categories"), "limit", n);
        }
        // Only ASCII digits are a page size: Integer.valueOf read these as 3 and 5.
        expectFieldError(given().queryParam("limit", "\u0663").get("/api/v1/products"), "limit", "Arabic-Indic three");
        expectFieldError(given().queryParam("limit", "+5").get("/api/v1/categories"), "limit", "+5");
    }

    @Test
    void boundaryValuesStillWork() {
        for (String n : List.of("0", "999999999999.99", "1.50", "1.500", "1e2", "0E-9")) {
            given().queryParam("minPrice", n).get("/api/v1/products").then().statusCode(200);
        }
        given().queryParam("limit", "1").get("/api/v1/products").then().statusCode(200);
    }

    @Test
    void bodyNumbersOutOfRangeAreRefused() {
        String category = newCategory();
        for (String n : numerals()) {
            expectBody(category, "price", n, "price");
            expectBody(category, "stockQuantity", n, "stockQuantity");
            expectBody(category, "attributes", "{\"weight\": " + n + "}", "attributes.weight");
        }
    }

    /** The field holds the raw JSON token {@code token}; a valid JSON number must be refused naming {@code field}. */
    private void expectBody(String category, String name, String token, String field) {
        Map<String, Object> body = product(category, "Numeric", "1.00");
        body.put(name, "__N__");
        String text;
        try {
            text = JSON.writeValueAsString(body).replace("\"__N__\"", token);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        String number = name.equals("attributes") ? token.substring(token.indexOf(':') + 2, token.length() - 1) : token;
        Response r = given().auth().oauth2(Tokens.admin()).contentType("application/json").body(text)
                .post("/api/v1/products");
        count(r, field + "=" + abbreviate(number));
        if (name.equals("attributes") && isModestNumber(number)) {
            r.then().statusCode(201);
            return;
        }
        r.then().statusCode(400).contentType(startsWith(Problem.MEDIA_TYPE)).body("correlationId", notNullValue());
        if (JSON_NUMBER.matcher(number).matches() && number.length() <= MAX_JSON_NUMBER) {
            List<String> fields = r.jsonPath().getList("errors.field");
            assertTrue(fields != null && fields.contains(field), field + "=" + abbreviate(number) + " -> " + r.asString());
        }
    }

    /** Attributes are free numbers: only what a long or a finite double cannot hold is refused there. */
    private static boolean isModestNumber(String n) {
        if (!JSON_NUMBER.matcher(n).matches() || n.length() > MAX_JSON_NUMBER) {
            return false;
        }
        if (!n.contains(".") && !n.contains("e") && !n.contains("E")) {
            return n.length() <= 18;
        }
        return Double.isFinite(Double.parseDouble(n));
    }

    private void expectFieldError(Response r, String field, String input) {
        count(r, field + "=" + abbreviate(input));
        r.then().statusCode(400)
                .contentType(startsWith(Problem.MEDIA_TYPE))
                .body("type", equalTo("https://scalableapi.io/problems/validation"))
                .body("errors.field", hasItem(field))
                .body("correlationId", notNullValue());
    }

    private void count(Response r, String what) {
        requests++;
        if (r.statusCode() >= 500) {
            fiveHundreds.add(what + " -> " + r.statusCode());
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 24 ? s : s.substring(0, 12) + "…(" + s.length() + " chars)";
    }

    @AfterAll
    void figures() {
        Figures.record("catalog numeral family (query + body, every numeric field)",
                requests + " requests, " + fiveHundreds.size() + " × 5xx");
        assertEquals(List.of(), fiveHundreds, "numerals answered with a server error");
    }
}
