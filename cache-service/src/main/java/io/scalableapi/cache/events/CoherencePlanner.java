package io.scalableapi.cache.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scalableapi.contracts.caches.CacheNames;
import io.scalableapi.contracts.catalog.CatalogEventTypes;
import io.scalableapi.contracts.catalog.ProductDeletedV1;
import io.scalableapi.contracts.catalog.ProductEventV1;
import io.scalableapi.contracts.catalog.ProductPriceChangedV1;
import io.scalableapi.contracts.catalog.ProductV1;
import io.scalableapi.contracts.user.UserDeletedV1;
import io.scalableapi.contracts.user.UserEventTypes;
import io.scalableapi.contracts.user.UserProfileUpdatedV1;
import io.scalableapi.contracts.user.UserRegisteredV1;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * Maps an event to its cache actions, reading the data with the producers' own contract records. List pages are not
 * touched here: catalog-service moves the lists a product write can change to a new generation right after its commit
 * (once, in one place, and in time for the writer's next read), and an event arrives after the relay's delay.
 */
@ApplicationScoped
public class CoherencePlanner {
    private final ObjectMapper json;
    private final ObjectMapper lenient;

    CoherencePlanner(ObjectMapper json) {
        this.json = json;
        // Producers may add fields (a compatible change): read what the contract knows, ignore the rest.
        this.lenient = json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    public CoherencePlan plan(CloudEvent event) {
        return switch (event.type()) {
            case CatalogEventTypes.PRODUCT_CREATED, CatalogEventTypes.PRODUCT_UPDATED -> productChanged(event);
            case CatalogEventTypes.PRODUCT_PRICE_CHANGED -> {
                ProductPriceChangedV1 e = data(event, ProductPriceChangedV1.class);
                yield productOnly(event, e.id(), e.version());
            }
            case CatalogEventTypes.PRODUCT_DELETED -> {
                ProductDeletedV1 e = data(event, ProductDeletedV1.class);
                yield productDeleted(event, e.id(), e.version());
            }
            case UserEventTypes.REGISTERED -> {
                UserRegisteredV1 e = data(event, UserRegisteredV1.class);
                yield userProfile(event, e.userId(), e.version(), false);
            }
            case UserEventTypes.PROFILE_UPDATED -> {
                UserProfileUpdatedV1 e = data(event, UserProfileUpdatedV1.class);
                yield userProfile(event, e.userId(), e.version(), false);
            }
            case UserEventTypes.DELETED -> {
                UserDeletedV1 e = data(event, UserDeletedV1.class);
                yield userProfile(event, e.userId(), e.version(), true);
            }
            // Categories are not cached on their own and a product page shows only the category id.
            default -> CoherencePlan.notFollowed();
        };
    }

    private CoherencePlan productChanged(CloudEvent event) {
        ProductEventV1 e = data(event, ProductEventV1.class);
        String id = requireId(event, e.id());
        long version = requireVersion(event, e.version());
        // The event carries the whole product: refresh the cached copy in place rather than causing a miss.
        ProductV1 product = new ProductV1(e.id(), e.sku(), e.name(), e.description(), e.price(), e.currency(),
                e.stockQuantity(), e.categoryId(), e.status(), e.attributes(), e.version(), e.createdAt(), e.updatedAt());
        return new CoherencePlan("product:" + id, version, List.of(
                new CoherenceAction.Refresh(CacheNames.CATALOG_PRODUCTS, id, version, write(product))));
    }

    private CoherencePlan productOnly(CloudEvent event, UUID productId, long eventVersion) {
        String id = requireId(event, productId);
        long version = requireVersion(event, eventVersion);
        return new CoherencePlan("product:" + id, version, List.of(
                new CoherenceAction.EvictIfOlder(CacheNames.CATALOG_PRODUCTS, id, version)));
    }

    /** A tombstone, not an eviction: an empty slot would let a read that loaded the product before the delete fill it. */
    private CoherencePlan productDeleted(CloudEvent event, UUID productId, long eventVersion) {
        String id = requireId(event, productId);
        long version = requireVersion(event, eventVersion);
        return new CoherencePlan("product:" + id, version, List.of(
                new CoherenceAction.Tombstone(CacheNames.CATALOG_PRODUCTS, id, version)));
    }

    private CoherencePlan userProfile(CloudEvent event, UUID userId, long eventVersion, boolean erase) {
        String id = requireId(event, userId);
        long version = requireVersion(event, eventVersion);
        // Profile events carry only part of the profile, so the cached copy is dropped, never rebuilt from them. An
        // erasure leaves a tombstone, which replaces the profile whatever its version.
        CoherenceAction action = erase ? new CoherenceAction.Tombstone(CacheNames.USER_PROFILES, id, version)
                : new CoherenceAction.EvictIfOlder(CacheNames.USER_PROFILES, id, version);
        return new CoherencePlan("user:" + id, version, List.of(action));
    }

    private <T> T data(CloudEvent event, Class<T> contract) {
        try {
            return lenient.readValue(event.data(), contract);
        } catch (JsonProcessingException e) {
            throw new PoisonEventException("Data of " + event.type() + " " + event.id() + " is not a "
                    + contract.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    private static String requireId(CloudEvent event, UUID id) {
        if (id == null) {
            throw new PoisonEventException("Data of " + event.type() + " " + event.id() + " has no id");
        }
        return id.toString();
    }

    private static long requireVersion(CloudEvent event, long version) {
        if (version < 1) {
            throw new PoisonEventException("Data of " + event.type() + " " + event.id() + " has no valid version");
        }
        return version;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName(), e);
        }
    }
}
