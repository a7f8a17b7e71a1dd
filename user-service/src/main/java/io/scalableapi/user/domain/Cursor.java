package io.scalableapi.user.domain;

import io.scalableapi.defaults.errors.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * Position in the admin search, after the profile ({@code username}, {@code userId}). Keyset paging: a page costs the
 * same however deep it is, and rows inserted meanwhile neither repeat nor vanish. Opaque to clients (base64url).
 */
public record Cursor(String username, UUID userId) {
    private static final char SEPARATOR = '\n';

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((username + SEPARATOR + userId).getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a cursor this service issued; 400 naming {@code cursor} for anything else. */
    public static Cursor decode(String value) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
            int at = text.lastIndexOf(SEPARATOR);
            if (at <= 0) {
                throw new IllegalArgumentException("no separator");
            }
            return new Cursor(text.substring(0, at), UUID.fromString(text.substring(at + 1)));
        } catch (IllegalArgumentException e) {
            throw ApiException.badField("cursor", "not a cursor from a previous page");
        }
    }
}
