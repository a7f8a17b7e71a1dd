package io.scalableapi.catalog;

import static io.restassured.RestAssured.given;
import static io.scalableapi.catalog.CatalogFixtures.product;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.scalableapi.contracts.catalog.CatalogEventTypes;
import io.scalableapi.contracts.events.CloudEventHeaders;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Writes reach the catalog topic as binary CloudEvents, one product's events in order on one partition. */
@QuarkusTest
class CatalogEventsResourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void productLifecycleIsPublishedInOrderWithCloudEventsAttributes() throws Exception {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (CatalogTopic topic = CatalogTopic.open(bootstrap, false)) {
            String requestId = "events-test-" + UUID.randomUUID();
            String category = given().auth().oauth2(Tokens.admin()).header("X-Request-Id", requestId)
                    .contentType(ContentType.JSON).body(Map.of("name", "cat-" + UUID.randomUUID()))
                    .post("/api/v1/categories").then().statusCode(201).extract().path("id");
            Map<String, Object> body = product(category, "Clock", "10.00");
            String id = given().auth().oauth2(Tokens.admin()).header("X-Request-Id", requestId)
                    .contentType(ContentType.JSON).body(body).post("/api/v1/products")
                    .then().statusCode(201).extract().path("id");
            body.put("name", "Wall clock");
            body.put("price", new java.math.BigDecimal("12.00"));
            given().auth().oauth2(Tokens.admin()).header("X-Request-Id", requestId).header("If-Match", "\"1\"")
                    .contentType(ContentType.JSON).body(body).put("/api/v1/products/" + id).then().statusCode(200);
            body.put("stockQuantity", 9);
            given().auth().oauth2(Tokens.admin()).header("X-Request-Id", requestId).header("If-Match", "\"2\"")
                    .contentType(ContentType.JSON).body(body).put("/api/v1/products/" + id).then().statusCode(200);
            given().auth().oauth2(Tokens.admin()).header("X-Request-Id", requestId).header("If-Match", "\"3\"")
                    .delete("/api/v1/products/" + id).then().statusCode(204);

            List<CatalogTopic.Event> events = topic.collect(Set.of(id, category), l -> l.size() >= 6,
                    Duration.ofSeconds(60));

            List<CatalogTopic.Event> productEvents = events.stream().filter(e -> e.key().equals(id)).toList();
            assertEquals(List.of(CatalogEventTypes.PRODUCT_CREATED, CatalogEventTypes.PRODUCT_UPDATED,
                    CatalogEventTypes.PRODUCT_PRICE_CHANGED, CatalogEventTypes.PRODUCT_UPDATED,
                    CatalogEventTypes.PRODUCT_DELETED), productEvents.stream().map(CatalogTopic::type).toList());
            assertEquals(List.of(1L, 2L, 2L, 3L, 4L), productEvents.stream().map(e -> version(e.value())).toList());
            assertEquals(1, productEvents.stream().map(CatalogTopic.Event::partition).distinct().count());

            Set<String> ids = new HashSet<>();
            for (CatalogTopic.Event e : productEvents) {
                assertEquals("1.0", e.header(CloudEventHeaders.SPEC_VERSION));
                assertEquals("urn:scalableapi:catalog-service", e.header(CloudEventHeaders.SOURCE));
                assertEquals("products/" + id, e.header(CloudEventHeaders.SUBJECT));
                assertEquals("application/json", e.header(CloudEventHeaders.CONTENT_TYPE));
                assertEquals(requestId, e.header(CloudEventHeaders.CORRELATION_ID));
                assertNotNull(OffsetDateTime.parse(e.header(CloudEventHeaders.TIME)));
                ids.add(UUID.fromString(e.header(CloudEventHeaders.ID)).toString());
            }
            assertEquals(productEvents.size(), ids.size(), "every event has its own id");

            JsonNode priceChange = JSON.readTree(productEvents.get(2).value());
            assertEquals("10.00", priceChange.get("oldPrice").decimalValue().setScale(2).toPlainString());
            assertEquals("12.00", priceChange.get("newPrice").decimalValue().setScale(2).toPlainString());
            JsonNode updated = JSON.readTree(productEvents.get(1).value());
            assertEquals("Wall clock", updated.get("name").asText());
            assertEquals(body.get("sku"), updated.get("sku").asText());

            List<CatalogTopic.Event> categoryEvents = events.stream().filter(e -> e.key().equals(category)).toList();
            assertEquals(List.of(CatalogEventTypes.CATEGORY_CREATED),
                    categoryEvents.stream().map(CatalogTopic::type).toList());
            assertEquals("categories/" + category, categoryEvents.get(0).header(CloudEventHeaders.SUBJECT));
        }
    }

    private static long version(String json) {
        try {
            return JSON.readTree(json).get("version").asLong();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
