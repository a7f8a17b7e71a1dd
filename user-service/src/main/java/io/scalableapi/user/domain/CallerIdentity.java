package io.scalableapi.user.domain;

import java.util.Objects;
import java.util.UUID;

/**
 * Who is calling, as the verified token says: what a profile is created from on first access. Only {@code userId} is
 * trusted as identity; the rest are Keycloak's current values, used as defaults.
 *
 * @param userId      the token's {@code sub}
 * @param username    {@code preferred_username}
 * @param email       {@code email}, may be null
 * @param displayName {@code name}, may be null
 * @param locale      {@code locale}, may be null
 */
public record CallerIdentity(UUID userId, String username, String email, String displayName, String locale) {
    public CallerIdentity {
        Objects.requireNonNull(userId, "userId");
    }
}
