package io.scalableapi.contracts.user;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Payload of {@link UserEventTypes#PROFILE_UPDATED}: the profile's state after the change, without personal data
 * beyond what {@link UserRegisteredV1} carries. A consumer applies it only when {@code version} is newer than what it has.
 *
 * <p>When the person is erased before the event was published, it goes out redacted: {@code displayName} and
 * {@code locale} null, {@code marketingConsent} false.
 *
 * @param userId           the Keycloak subject, also the Kafka key
 * @param version          the profile version after the change
 * @param changedFields    names of the profile fields that changed (e.g. {@code displayName}, {@code preferences})
 * @param displayName      current display name
 * @param locale           current BCP 47 language tag
 * @param marketingConsent current marketing consent
 * @param updatedAt        when the change was made
 */
public record UserProfileUpdatedV1(UUID userId, long version, List<String> changedFields, String displayName,
        String locale, boolean marketingConsent, OffsetDateTime updatedAt) {
}
