package io.scalableapi.user.domain;

import java.util.Objects;
import java.util.UUID;

/** A profile about to be created: from a registration, or from the token on a person's first call. */
public record NewProfile(UUID userId, String username, String email, String displayName, String locale,
        boolean marketingConsent) {
    public NewProfile {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(locale, "locale");
    }
}
