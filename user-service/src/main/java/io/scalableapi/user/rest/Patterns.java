package io.scalableapi.user.rest;

/** Input rules shared by the request bodies. */
final class Patterns {
    /** BCP 47 language tag, simplified: language, then up to three subtags (region, script, variant). */
    static final String LOCALE = "[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}";
    static final String LOCALE_MESSAGE = "must be a BCP 47 language tag such as en or de-CH";
    /** No control characters (they break logs, e-mails and terminals). */
    static final String PRINTABLE = "[^\\p{Cntrl}]*";
    static final String PRINTABLE_MESSAGE = "must not contain control characters";
    /** Lower case because Keycloak lower-cases usernames; a client must not learn its name changed. */
    static final String USERNAME = "[a-z0-9][a-z0-9._-]{2,63}";
    static final String USERNAME_MESSAGE =
            "must be 3 to 64 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter or digit";
    static final String PREFERENCE_KEY = "[a-z][a-zA-Z0-9._-]{0,63}";
    static final String PREFERENCE_KEY_MESSAGE =
            "keys must be 1 to 64 characters: letters, digits, '.', '_' or '-', starting with a lower-case letter";
    static final int MAX_PREFERENCES = 32;

    private Patterns() {
    }
}
