package io.scalableapi.contracts.user;

import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A person's profile as {@code /api/v1/users/me} and the admin routes return it. Personal data: responses carrying it
 * are {@code Cache-Control: private, no-store}, and it is cached only inside the platform, never at the edge.
 *
 * @param id               the Keycloak subject (UUID)
 * @param username         the login name, owned by Keycloak
 * @param displayName      how the person wants to be named
 * @param email            from the token, owned by Keycloak (change it there)
 * @param locale           BCP 47 language tag
 * @param preferences      free-form settings, short string keys to string values
 * @param marketingConsent whether the person agreed to marketing messages
 * @param version          increases by one with every change; the {@code ETag} is {@code "<version>"}
 * @param createdAt        when the profile was created
 * @param updatedAt        when it last changed
 */
public record UserProfileV1(UUID id, String username, String displayName, String email, String locale,
        Map<String, String> preferences, boolean marketingConsent, long version, OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    public UserProfileV1 {
        // Sorted so the representation, and therefore the cached JSON, does not depend on map order.
        preferences = Collections.unmodifiableMap(preferences == null ? new TreeMap<>() : new TreeMap<>(preferences));
    }
}
