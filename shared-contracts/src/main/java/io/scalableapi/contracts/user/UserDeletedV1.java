package io.scalableapi.contracts.user;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Payload of {@link UserEventTypes#DELETED}: the person erased their account. Every consumer deletes or anonymises
 * what it holds about {@code userId}; no later event for this id will follow.
 *
 * @param userId    the Keycloak subject, also the Kafka key
 * @param version   the last profile version plus one (1 when the person never had a profile), so a consumer that
 *                  applies only newer versions applies the deletion too
 * @param deletedAt when the erasure was committed
 */
public record UserDeletedV1(UUID userId, long version, OffsetDateTime deletedAt) {
}
