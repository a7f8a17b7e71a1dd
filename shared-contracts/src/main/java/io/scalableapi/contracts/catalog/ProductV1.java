package io.scalableapi.contracts.catalog;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * A product as the catalog API returns it and as the {@code catalog-products} cache stores it (JSON, keyed by id).
 * {@code version} grows with every change; it is the HTTP {@code ETag} and lets caches drop stale copies.
 *
 * @param price     decimal amount in {@code currency} (ISO 4217), at most two fraction digits
 * @param attributes free-form string, number or boolean values keyed by name
 */
public record ProductV1(
        UUID id,
        String sku,
        String name,
        String description,
        BigDecimal price,
        String currency,
        int stockQuantity,
        UUID categoryId,
        ProductStatus status,
        Map<String, Object> attributes,
        long version,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {
}
