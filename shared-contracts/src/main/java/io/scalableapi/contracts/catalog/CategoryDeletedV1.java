package io.scalableapi.contracts.catalog;

import java.time.OffsetDateTime;
import java.util.UUID;

/** Payload of {@code category.deleted.v1}. {@code version} is the deleted category's last version plus one. */
public record CategoryDeletedV1(UUID id, long version, OffsetDateTime deletedAt) {
}
