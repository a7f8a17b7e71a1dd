package io.scalableapi.catalog.domain;

import io.scalableapi.contracts.catalog.ProductV1;
import java.util.Set;
import java.util.UUID;

/**
 * Fired inside the writing transaction and observed after it commits, so caches only ever learn about committed
 * state. {@code product} is null when the product was deleted; {@code version} is the product's version after the
 * change (for a deletion the last version plus one, as {@code ProductDeleted} carries); {@code categories} are the
 * categories whose lists the change can affect (before and after a move).
 */
public record CatalogChanged(UUID productId, ProductV1 product, long version, Set<UUID> categories) {

    public static CatalogChanged productSaved(ProductV1 product, UUID previousCategory) {
        UUID now = product.categoryId();
        return new CatalogChanged(product.id(), product, product.version(),
                previousCategory == null || previousCategory.equals(now) ? Set.of(now) : Set.of(previousCategory, now));
    }

    /** {@code deletedVersion}: the one {@code ProductDeleted} carries, which the cache's tombstone carries too. */
    public static CatalogChanged productDeleted(ProductV1 last, long deletedVersion) {
        return new CatalogChanged(last.id(), null, deletedVersion, Set.of(last.categoryId()));
    }
}
