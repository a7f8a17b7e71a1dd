package io.scalableapi.user.rest;

import io.scalableapi.contracts.errors.ProblemType;
import io.scalableapi.defaults.errors.ApiException;
import io.scalableapi.user.config.UserServiceConfig;
import io.scalableapi.user.domain.NewProfile;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Reads the verified token into the profile a first call creates. Only {@code sub} is identity; the other claims
 * are Keycloak's current values, cleaned so they satisfy the same rules as a PUT.
 */
@ApplicationScoped
public class Callers {
    private static final int MAX_DISPLAY_NAME = 100;

    private final UserServiceConfig config;

    Callers(UserServiceConfig config) {
        this.config = config;
    }

    public NewProfile fromToken(JsonWebToken token) {
        UUID userId = userId(token);
        String username = firstNonBlank(token.getClaim("preferred_username"), userId.toString());
        String name = firstNonBlank(token.getClaim("name"), join(token.getClaim("given_name"), token.getClaim("family_name")),
                username);
        String locale = token.getClaim("locale");
        return new NewProfile(userId, username, blankToNull(token.getClaim("email")), displayName(name),
                locale != null && locale.matches(Patterns.LOCALE) ? Locales.normalise(locale) : config.defaultLocale(),
                false);
    }

    public static UUID userId(JsonWebToken token) {
        try {
            return UUID.fromString(token.getSubject());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ApiException(ProblemType.FORBIDDEN, "The token's subject is not a user of this platform");
        }
    }

    private static String displayName(String name) {
        String clean = name.replaceAll("\\p{Cntrl}", "").strip();
        return clean.length() <= MAX_DISPLAY_NAME ? clean : clean.substring(0, MAX_DISPLAY_NAME);
    }

    private static String join(Object given, Object family) {
        String joined = ((given == null ? "" : given) + " " + (family == null ? "" : family)).strip();
        return joined.isEmpty() ? null : joined;
    }

    private static String firstNonBlank(Object... values) {
        for (Object v : values) {
            if (v != null && !v.toString().isBlank()) {
                return v.toString();
            }
        }
        return null;
    }

    private static String blankToNull(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString();
    }
}
