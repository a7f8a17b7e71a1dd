package io.scalableapi.catalog.domain;

import io.scalableapi.contracts.catalog.ProductV1;
import java.util.Set;
import java.util.UUID;

/**
 * Fired inside the writing transaction and observed after it commits, so caches only ever learn about committed
 * state. {@code product} is null when the product was deleted; {@code categories} are the categories whose lists the
 * change can affect (before and after a move).
 */
public record CatalogChanged(UUID productId, ProductV1 product, Set<UUID> categories) {

    public static CatalogChanged productSaved(ProductV1 product, UUID previousCategory) {
        UUID now = product.categoryId();
        return new CatalogChanged(product.id(), product,
                previousCategory == null || previousCategory.equals(now) ? Set.of(now) : Set.of(previousCategory, now));
    }

    public static CatalogChanged productDeleted(ProductV1 last) {
        return new CatalogChanged(last.id(), null, Set.of(last.categoryId()));
    }
}
