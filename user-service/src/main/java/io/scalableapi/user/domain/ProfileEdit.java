package io.scalableapi.user.domain;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** The fields a person may change on their profile, already validated. Everything else is Keycloak's or ours. */
public record ProfileEdit(String displayName, String locale, boolean marketingConsent, Map<String, String> preferences) {
    public ProfileEdit {
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(locale, "locale");
        preferences = preferences == null ? Map.of() : Map.copyOf(new TreeMap<>(preferences));
    }

    public static ProfileEdit of(UserProfileEntity p) {
        return new ProfileEdit(p.displayName, p.locale, p.marketingConsent, p.preferences);
    }
}
