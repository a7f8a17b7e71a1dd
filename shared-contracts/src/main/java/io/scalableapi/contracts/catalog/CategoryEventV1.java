package io.scalableapi.contracts.catalog;

import java.time.OffsetDateTime;
import java.util.UUID;

/** Payload of {@code category.created.v1} and {@code category.updated.v1}: the category after the change. */
public record CategoryEventV1(UUID id, String name, String description, long version, OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    public static CategoryEventV1 of(CategoryV1 c) {
        return new CategoryEventV1(c.id(), c.name(), c.description(), c.version(), c.createdAt(), c.updatedAt());
    }
}
