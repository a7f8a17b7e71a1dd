package io.scalableapi.user.rest;

import io.scalableapi.user.domain.ProfileEdit;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * Body of {@code PUT /api/v1/users/me}: every field a person may change. {@code preferences} absent means none. The
 * result of applying a {@code PATCH} must be a valid one of these too.
 */
public record ProfileReplacement(
        @NotBlank @Size(max = 100) @Pattern(regexp = Patterns.PRINTABLE, message = Patterns.PRINTABLE_MESSAGE)
        String displayName,
        @NotNull @Pattern(regexp = Patterns.LOCALE, message = Patterns.LOCALE_MESSAGE) String locale,
        @NotNull Boolean marketingConsent,
        @Size(max = Patterns.MAX_PREFERENCES, message = "at most " + Patterns.MAX_PREFERENCES + " entries")
        Map<@Pattern(regexp = Patterns.PREFERENCE_KEY, message = Patterns.PREFERENCE_KEY_MESSAGE) String,
                @NotNull @Size(max = 256) @Pattern(regexp = Patterns.PRINTABLE, message = Patterns.PRINTABLE_MESSAGE)
                String> preferences) {

    ProfileEdit toEdit() {
        return new ProfileEdit(displayName.strip(), Locales.normalise(locale), marketingConsent, preferences);
    }

    static ProfileReplacement of(ProfileEdit edit) {
        return new ProfileReplacement(edit.displayName(), edit.locale(), edit.marketingConsent(), edit.preferences());
    }
}
