package io.scalableapi.user.rest;

import io.scalableapi.user.domain.Registration;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Locale;

/**
 * Body of {@code POST /api/v1/users/registrations}. The password policy itself (length, not the username, not the
 * email) is the realm's: Keycloak checks it, so there is one policy, and its message is returned for {@code password}.
 */
public record RegistrationRequest(
        @NotNull @Pattern(regexp = Patterns.USERNAME, message = Patterns.USERNAME_MESSAGE) String username,
        @NotBlank @Email @Size(max = 254) String email,
        @NotBlank @Size(max = 128) String password,
        @Size(min = 1, max = 100) @Pattern(regexp = Patterns.PRINTABLE, message = Patterns.PRINTABLE_MESSAGE)
        String displayName,
        @Pattern(regexp = Patterns.LOCALE, message = Patterns.LOCALE_MESSAGE) String locale,
        Boolean marketingConsent) {

    Registration toRegistration(String defaultLocale) {
        String name = displayName == null || displayName.isBlank() ? username : displayName.strip();
        // Keycloak stores emails in lower case; the profile must hold the same value the token will carry.
        return new Registration(username, email.strip().toLowerCase(Locale.ROOT), password, name,
                locale == null ? defaultLocale : Locales.normalise(locale), Boolean.TRUE.equals(marketingConsent));
    }

    @Override
    public String toString() {
        return "RegistrationRequest[username=" + username + "]";
    }
}
