package io.scalableapi.catalog.domain;

import io.scalableapi.contracts.catalog.ProductV1;
import java.util.UUID;

/**
 * Fired inside the writing transaction and observed after it commits, so caches only ever learn about committed
 * state. {@code product} is null when the product was deleted.
 */
public record CatalogChanged(UUID productId, ProductV1 product) {

    public static CatalogChanged productSaved(ProductV1 product) {
        return new CatalogChanged(product.id(), product);
    }

    public static CatalogChanged productDeleted(UUID id) {
        return new CatalogChanged(id, null);
    }
}
