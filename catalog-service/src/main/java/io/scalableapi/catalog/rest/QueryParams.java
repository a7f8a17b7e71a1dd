package io.scalableapi.catalog.rest;

import io.scalableapi.contracts.errors.Problem;
import io.scalableapi.contracts.errors.ProblemType;
import io.scalableapi.defaults.errors.ApiException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Parses query and path parameters from their raw text, collecting every error with the parameter's name, so a bad
 * value is a 400 that says which one (JAX-RS conversion would turn it into a bare 404).
 */
final class QueryParams {
    /** The {@code product.price numeric(14,2)} column (V1 migration). */
    static final int AMOUNT_INTEGER_DIGITS = 12;
    static final int AMOUNT_FRACTION_DIGITS = 2;
    /** "999999999999.99" is 15 characters; room for trailing zeros and an exponent, nothing like a megabyte. */
    static final int MAX_DECIMAL_TEXT = 32;
    private static final String AMOUNT = "a non-negative amount with at most 12 integer digits and 2 decimals";

    private final List<Problem.FieldError> errors = new ArrayList<>();

    <T> T parse(String name, String raw, Function<String, T> parser, String expected) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            return parser.apply(raw);
        } catch (RuntimeException e) {
            errors.add(new Problem.FieldError(name, expected));
            return null;
        }
    }

    UUID uuid(String name, String raw) {
        return parse(name, raw, QueryParams::strictUuid, "a UUID");
    }

    /**
     * A price filter, in the range of the {@code price numeric(14,2)} column. The text is capped before parsing and the
     * range is read from precision and scale, never from the plain digits: {@code 1e-999999999} is one digit to
     * BigDecimal but a billion characters to {@code toPlainString} (the cache key), so it must be refused first.
     */
    BigDecimal decimal(String name, String raw) {
        if (raw != null && raw.length() > MAX_DECIMAL_TEXT) {
            errors.add(new Problem.FieldError(name, AMOUNT));
            return null;
        }
        BigDecimal value = parse(name, raw, BigDecimal::new, "a decimal number");
        if (value != null && !isAmount(value)) {
            errors.add(new Problem.FieldError(name, AMOUNT));
            return null;
        }
        return value;
    }

    /**
     * Whether a value fits {@code numeric(14,2)} and is not negative: at most 12 integer digits and 2 decimals. Constant
     * time for any exponent; trailing zeros ({@code 1.500}) are only stripped once the scale is known to be small.
     */
    static boolean isAmount(BigDecimal value) {
        if (value.signum() < 0 || value.precision() - value.scale() > AMOUNT_INTEGER_DIGITS) {
            return false;
        }
        if (value.scale() <= AMOUNT_FRACTION_DIGITS) {
            return true;
        }
        return value.scale() <= MAX_DECIMAL_TEXT && value.stripTrailingZeros().scale() <= AMOUNT_FRACTION_DIGITS;
    }

    /**
     * An integer parameter between {@code min} and {@code max}: ASCII digits only (Integer.valueOf also takes "+5" and
     * other scripts' digits), at most 9 of them, so no value can overflow or cost more than a few comparisons.
     */
    Integer integer(String name, String raw, int min, int max) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        if (raw.length() > 9 || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
            errors.add(new Problem.FieldError(name, "an integer between " + min + " and " + max));
            return null;
        }
        int value = Integer.parseInt(raw);
        if (value < min || value > max) {
            errors.add(new Problem.FieldError(name, "between " + min + " and " + max));
            return null;
        }
        return value;
    }

    void error(String name, String message) {
        errors.add(new Problem.FieldError(name, message));
    }

    void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw new ApiException(ProblemType.VALIDATION, "The request has " + errors.size() + " invalid parameter(s)",
                    errors);
        }
    }

    /** A path id: 400 naming the parameter when it is not a UUID. */
    static UUID pathId(String raw) {
        QueryParams p = new QueryParams();
        UUID id = p.uuid("id", raw);
        p.throwIfInvalid();
        return id;
    }

    private static UUID strictUuid(String raw) {
        // UUID.fromString accepts "1-1-1-1-1"; only the canonical 36-character form is an id here.
        if (raw.length() != 36) {
            throw new IllegalArgumentException("not canonical");
        }
        return UUID.fromString(raw);
    }
}
