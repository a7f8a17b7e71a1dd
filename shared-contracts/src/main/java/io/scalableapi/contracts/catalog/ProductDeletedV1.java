package io.scalableapi.contracts.catalog;

import java.time.OffsetDateTime;
import java.util.UUID;

/** Payload of {@code product.deleted.v1}. {@code version} is the deleted product's last version plus one. */
public record ProductDeletedV1(UUID id, String sku, long version, OffsetDateTime deletedAt) {
}
