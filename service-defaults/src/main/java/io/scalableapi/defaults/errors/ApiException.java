package io.scalableapi.defaults.errors;

import io.scalableapi.contracts.errors.Problem;
import io.scalableapi.contracts.errors.ProblemType;
import java.util.List;
import java.util.Map;

/**
 * A failure the client can act on. Domain code throws it; {@link ProblemMappers} renders it as problem+json.
 * {@code headers} carries response headers the problem needs (for example {@code Retry-After}).
 */
public class ApiException extends RuntimeException {
    private final transient Problem problem;
    private final transient Map<String, String> headers;

    public ApiException(ProblemType type, String detail) {
        this(Problem.of(type, detail), Map.of());
    }

    public ApiException(ProblemType type, String detail, List<Problem.FieldError> errors) {
        this(Problem.of(type, detail).withErrors(errors), Map.of());
    }

    public ApiException(Problem problem, Map<String, String> headers) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static ApiException notFound(String what) {
        return new ApiException(ProblemType.NOT_FOUND, what + " was not found");
    }

    public static ApiException badField(String field, String message) {
        return new ApiException(ProblemType.VALIDATION, "The request has an invalid field",
                List.of(new Problem.FieldError(field, message)));
    }
}
