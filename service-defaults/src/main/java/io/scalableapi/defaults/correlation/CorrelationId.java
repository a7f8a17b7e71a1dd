package io.scalableapi.defaults.correlation;

import java.util.UUID;
import java.util.regex.Pattern;

/** The request's correlation id: the caller's {@code X-Request-Id} when it is sane, otherwise a new one. */
public final class CorrelationId {
    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "correlationId";

    // Bounded and restricted so a client cannot inject log lines or huge values through the header.
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private CorrelationId() {
    }

    public static String acceptOrCreate(String candidate) {
        return candidate != null && SAFE.matcher(candidate).matches() ? candidate : UUID.randomUUID().toString();
    }
}
