package io.scalableapi.contracts.user;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Payload of {@link UserEventTypes#REGISTERED}. Carries no email, password or preferences: Kafka keeps records for
 * its retention period and cannot erase one person's copy, so events hold only what consumers need to react.
 *
 * <p>When the person is erased before the event was published, the event still goes out (consumers see every
 * version) but redacted: {@code username}, {@code displayName} and {@code locale} are null, {@code marketingConsent}
 * is false.
 *
 * @param userId           the Keycloak subject, also the Kafka key
 * @param username         the login name
 * @param displayName      how the person wants to be named
 * @param locale           BCP 47 language tag
 * @param marketingConsent whether the person agreed to marketing messages
 * @param via              {@link #VIA_REGISTRATION} or {@link #VIA_FIRST_SIGN_IN}
 * @param version          the profile version the event describes (1 for a new profile)
 * @param registeredAt     when the profile was created
 */
public record UserRegisteredV1(UUID userId, String username, String displayName, String locale,
        boolean marketingConsent, String via, long version, OffsetDateTime registeredAt) {

    /** Created by {@code POST /api/v1/users/registrations}. */
    public static final String VIA_REGISTRATION = "registration";
    /** Created from the token of a Keycloak user who had no profile yet (for example one made by an administrator). */
    public static final String VIA_FIRST_SIGN_IN = "first-sign-in";
}
