package io.scalableapi.user.rest;

import java.util.Locale;

/** Language tags in their canonical case ({@code de-CH}, not {@code DE-ch}), so equal locales compare equal. */
final class Locales {
    private Locales() {
    }

    static String normalise(String tag) {
        return Locale.forLanguageTag(tag).toLanguageTag();
    }
}
