package io.scalableapi.catalog.rest;

import io.scalableapi.contracts.errors.Problem;
import io.scalableapi.contracts.errors.ProblemType;
import io.scalableapi.defaults.errors.ApiException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;

/** Checks Bean Validation cannot express: a real currency, flat attribute values. Runs before any database work. */
final class ProductRequestChecks {
    private static final int MAX_ATTRIBUTE_NAME = 64;
    private static final int MAX_ATTRIBUTE_TEXT = 500;

    private ProductRequestChecks() {
    }

    static void check(ProductRequest r) {
        List<Problem.FieldError> errors = new ArrayList<>();
        try {
            Currency.getInstance(r.currency());
        } catch (IllegalArgumentException e) {
            errors.add(new Problem.FieldError("currency", "not an ISO 4217 currency code"));
        }
        if (r.attributes() != null) {
            for (Map.Entry<String, Object> e : r.attributes().entrySet()) {
                String name = e.getKey();
                Object v = e.getValue();
                if (name.isBlank() || name.length() > MAX_ATTRIBUTE_NAME) {
                    errors.add(new Problem.FieldError("attributes", "names are 1 to " + MAX_ATTRIBUTE_NAME + " characters"));
                } else if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
                    // Flat values keep the attributes searchable and the event payload predictable.
                    errors.add(new Problem.FieldError("attributes." + name, "must be a string, number or boolean"));
                } else if (v instanceof String s && s.length() > MAX_ATTRIBUTE_TEXT) {
                    errors.add(new Problem.FieldError("attributes." + name, "at most " + MAX_ATTRIBUTE_TEXT + " characters"));
                } else if (v instanceof Number n && !isPlainNumber(n)) {
                    errors.add(new Problem.FieldError("attributes." + name, "a finite number within the range of a long"
                            + " or a double"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiException(ProblemType.VALIDATION, "The request has " + errors.size() + " invalid field(s)", errors);
        }
    }

    /**
     * Jackson reads a JSON integer beyond a long as a BigInteger and {@code 1e999} as an infinite double, which the
     * jsonb column and every reader of the event would then have to carry: only what a long or a finite double holds.
     */
    private static boolean isPlainNumber(Number n) {
        if (n instanceof Double d) {
            return Double.isFinite(d);
        }
        if (n instanceof Float f) {
            return Float.isFinite(f);
        }
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte;
    }
}
