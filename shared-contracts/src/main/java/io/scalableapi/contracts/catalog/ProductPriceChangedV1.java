package io.scalableapi.contracts.catalog;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Payload of {@code product.price-changed.v1}: the old and new price of the product at {@code version}. */
public record ProductPriceChangedV1(
        UUID id,
        String sku,
        BigDecimal oldPrice,
        String oldCurrency,
        BigDecimal newPrice,
        String newCurrency,
        long version,
        OffsetDateTime changedAt) {
}
