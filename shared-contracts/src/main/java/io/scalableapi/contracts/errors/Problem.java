package io.scalableapi.contracts.errors;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;

/**
 * An RFC 9457 problem details document, the body of every error response on the platform
 * ({@code application/problem+json}). {@code correlationId} and {@code errors} are extension members.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        URI type,
        String title,
        int status,
        String detail,
        URI instance,
        String correlationId,
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        errors = errors == null || errors.isEmpty() ? null : List.copyOf(errors);
    }

    public static Problem of(ProblemType type, String detail) {
        return new Problem(type.uri(), type.title(), type.status(), detail, null, null, null);
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, instance, correlationId, fieldErrors);
    }

    public Problem withCorrelationId(String id) {
        return new Problem(type, title, status, detail, instance, id, errors);
    }

    public Problem withInstance(URI path) {
        return new Problem(type, title, status, detail, path, correlationId, errors);
    }

    /** One invalid input: where it is ({@code field}, a JSON path, query or header name) and what is wrong with it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldError(String field, String message) {
    }
}
