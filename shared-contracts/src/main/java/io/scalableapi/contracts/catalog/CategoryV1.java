package io.scalableapi.contracts.catalog;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A product category as the catalog API returns it. */
public record CategoryV1(UUID id, String name, String description, long version, OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {
}
