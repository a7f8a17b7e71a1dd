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

    BigDecimal decimal(String name, String raw) {
        BigDecimal value = parse(name, raw, BigDecimal::new, "a decimal number");
        if (value != null && (value.signum() < 0 || value.precision() - value.scale() > 12)) {
            errors.add(new Problem.FieldError(name, "a non-negative amount below 10^12"));
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
