package io.scalableapi.catalog.domain;

import io.scalableapi.contracts.catalog.ProductStatus;
import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;

/** The writable fields of a product, already validated for shape by the REST layer. */
public record ProductInput(String sku, String name, String description, BigDecimal price, String currency,
        int stockQuantity, UUID categoryId, ProductStatus status, Map<String, Object> attributes) {
}
