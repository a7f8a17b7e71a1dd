package io.scalableapi.cache.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.scalableapi.cache.support.CatalogEvents;
import io.scalableapi.contracts.caches.CacheNames;
import io.scalableapi.contracts.catalog.CatalogEventTypes;
import io.scalableapi.contracts.catalog.ProductEventV1;
import io.scalableapi.contracts.catalog.ProductV1;
import io.scalableapi.contracts.user.UserDeletedV1;
import io.scalableapi.contracts.user.UserEventTypes;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which cache actions an event means, read with the producers' contract records; what makes an event poison. */
class CoherencePlannerTest {
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final CoherencePlanner planner = new CoherencePlanner(json);

    @Test
    void aProductUpdateRefreshesTheProductWithItsRepresentationAndLeavesListPagesToCatalog() throws Exception {
        UUID id = UUID.randomUUID();
        ProductV1 product = CatalogEvents.product(id, 4, "four");

        CoherencePlan plan = planner.plan(event(CatalogEventTypes.PRODUCT_UPDATED, json.writeValueAsString(ProductEventV1.of(product))));

        assertEquals("product:" + id, plan.aggregate());
        assertEquals(4, plan.version());
        CoherenceAction.Refresh refresh = (CoherenceAction.Refresh) plan.actions().get(0);
        assertEquals(CacheNames.CATALOG_PRODUCTS, refresh.cache());
        assertEquals(id.toString(), refresh.key());
        assertEquals(product, json.readValue(refresh.json(), ProductV1.class));
        // catalog-service starts new list generations itself, after its commit (ListPages): no clear per event.
        assertEquals(1, plan.actions().size());
    }

    @Test
    void anErasureTombstonesTheProfileAtItsVersion() throws Exception {
        UUID user = UUID.randomUUID();
        CoherencePlan plan = planner.plan(event(UserEventTypes.DELETED,
                json.writeValueAsString(new UserDeletedV1(user, 3, OffsetDateTime.now()))));

        assertEquals(List.of(new CoherenceAction.Tombstone(CacheNames.USER_PROFILES, user.toString(), 3)),
                plan.actions());
    }

    @Test
    void typesNotFollowedAreNotReadAtAll() {
        CoherencePlan plan = planner.plan(event(CatalogEventTypes.CATEGORY_UPDATED, "not even json"));

        assertFalse(plan.followed());
        assertTrue(plan.actions().isEmpty());
    }

    @Test
    void dataThatIsNotTheContractOrLacksIdOrVersionIsPoison() {
        String id = UUID.randomUUID().toString();
        for (String data : List.of("{\"id\":", "[1,2]", "{\"version\":2}", "{\"id\":\"" + id + "\"}",
                "{\"id\":\"not-a-uuid\",\"version\":2}", "{\"id\":\"" + id + "\",\"version\":null}")) {
            assertThrows(PoisonEventException.class, () -> planner.plan(event(CatalogEventTypes.PRODUCT_UPDATED, data)), data);
        }
    }

    @Test
    void fieldsAddedByTheProducerAreTolerated() {
        String id = UUID.randomUUID().toString();
        CoherencePlan plan = planner.plan(event(CatalogEventTypes.PRODUCT_DELETED,
                "{\"id\":\"" + id + "\",\"sku\":\"S\",\"version\":3,\"deletedAt\":null,\"reason\":\"new field\"}"));

        assertEquals(new CoherenceAction.Tombstone(CacheNames.CATALOG_PRODUCTS, id, 3), plan.actions().get(0));
    }

    private static CloudEvent event(String type, String data) {
        return new CloudEvent(UUID.randomUUID().toString(), "urn:test", type, null, Instant.now(), null, data,
                "topic", 0, 0);
    }
}
