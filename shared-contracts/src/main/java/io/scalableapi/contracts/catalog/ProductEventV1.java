package io.scalableapi.contracts.catalog;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * Payload of {@code product.created.v1} and {@code product.updated.v1}: the whole product after the change, with the
 * same fields as {@link ProductV1}, so a consumer can store it as the product's cached representation. Consumers apply
 * it only when {@code version} is newer than what they hold.
 */
public record ProductEventV1(
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

    public static ProductEventV1 of(ProductV1 p) {
        return new ProductEventV1(p.id(), p.sku(), p.name(), p.description(), p.price(), p.currency(),
                p.stockQuantity(), p.categoryId(), p.status(), p.attributes(), p.version(), p.createdAt(), p.updatedAt());
    }
}
