package io.scalableapi.user.events;

import io.scalableapi.contracts.events.Topics;
import io.scalableapi.contracts.user.UserDeletedV1;
import io.scalableapi.contracts.user.UserEventTypes;
import io.scalableapi.contracts.user.UserProfileUpdatedV1;
import io.scalableapi.contracts.user.UserRegisteredV1;
import io.scalableapi.defaults.outbox.OutboxMessage;
import io.scalableapi.user.domain.UserProfileEntity;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Maps profile changes to outbox messages on {@link Topics#USER_EVENTS}, keyed by user id so each person's events
 * stay in order.
 */
public final class UserEvents {

    private UserEvents() {
    }

    public static OutboxMessage registered(UserProfileEntity p, String via) {
        return message(p.userId, UserEventTypes.REGISTERED, new UserRegisteredV1(p.userId, p.username, p.displayName,
                p.locale, p.marketingConsent, via, p.version, p.createdAt));
    }

    public static OutboxMessage profileUpdated(UserProfileEntity p, List<String> changedFields) {
        return message(p.userId, UserEventTypes.PROFILE_UPDATED, new UserProfileUpdatedV1(p.userId, p.version,
                List.copyOf(changedFields), p.displayName, p.locale, p.marketingConsent, p.updatedAt));
    }

    public static OutboxMessage deleted(UUID userId, long version, OffsetDateTime deletedAt) {
        return message(userId, UserEventTypes.DELETED, new UserDeletedV1(userId, version, deletedAt));
    }

    private static OutboxMessage message(UUID userId, String type, Object data) {
        return new OutboxMessage(Topics.USER_EVENTS, userId.toString(), type, UserEventTypes.subject(userId), data);
    }
}
