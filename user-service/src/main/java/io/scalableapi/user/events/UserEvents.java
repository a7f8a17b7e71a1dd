package io.scalableapi.user.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.scalableapi.contracts.events.Topics;
import io.scalableapi.contracts.user.UserDeletedV1;
import io.scalableapi.contracts.user.UserEventTypes;
import io.scalableapi.contracts.user.UserProfileUpdatedV1;
import io.scalableapi.contracts.user.UserRegisteredV1;
import io.scalableapi.defaults.outbox.OutboxMessage;
import io.scalableapi.user.domain.UserProfileEntity;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Maps profile changes to outbox messages on {@link Topics#USER_EVENTS}, keyed by user id so each person's events
 * stay in order.
 */
public final class UserEvents {
    /**
     * What an erasure overwrites in the person's events that are still waiting in the outbox: every field that says
     * something about the person. Ids, versions, times, {@code via} and the names of changed fields stay, so consumers
     * still order and apply the events; the marketing consent reads as withdrawn.
     */
    public static final Map<String, JsonNode> PERSONAL_FIELDS = Map.of("username", NullNode.instance,
            "displayName", NullNode.instance, "locale", NullNode.instance, "marketingConsent", BooleanNode.FALSE);

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
