package io.scalableapi.defaults.input;

/**
 * The one character PostgreSQL cannot store in text (U+0000): a value holding it fails the statement, which would surface
 * as a 500. Every text input is refused with a 400 at the edge of the service instead (query and path parameters by
 * {@link NulFreeParameters}, JSON strings by {@link NulFreeJson}).
 */
public final class NulCharacter {

    static final String PROBLEM = "contains the NUL character (U+0000), which is not allowed in text";

    private NulCharacter() {
    }

    public static boolean in(String value) {
        return value != null && value.indexOf('\u0000') >= 0;
    }
}
