package io.scalableapi.defaults.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.scalableapi.contracts.errors.Problem;
import io.scalableapi.contracts.errors.ProblemType;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error of a domain service leaves as RFC 9457 problem+json. Client mistakes become 4xx with what is wrong;
 * anything unexpected becomes a 500 that names only the correlation id, and is logged with it.
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    /** Seconds a client waits before retrying when the database is unavailable (a restart or failover takes some). */
    static final String DATABASE_RETRY_AFTER = "5";

    @ServerExceptionMapper
    public Response api(ApiException e, ContainerRequestContext request) {
        return ProblemResponses.of(e.problem(), e.headers(), request);
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, ContainerRequestContext request) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return ProblemResponses.of(
                Problem.of(ProblemType.VALIDATION, "The request has " + errors.size() + " invalid field(s)").withErrors(errors),
                request);
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e, ContainerRequestContext request) {
        return ProblemResponses.of(Problem.of(ProblemType.VALIDATION, "Unknown field '" + e.getPropertyName() + "'")
                .withErrors(List.of(new Problem.FieldError(jsonPath(e), "unknown field"))), request);
    }

    @ServerExceptionMapper
    public Response wrongType(InvalidFormatException e, ContainerRequestContext request) {
        if (e.getTargetType() == String.class) {
            // A string of the right type whose content is refused (input.NulFreeJson): say what is wrong with it.
            return ProblemResponses.of(Problem.of(ProblemType.VALIDATION, "A field holds a value that is not allowed")
                    .withErrors(List.of(new Problem.FieldError(jsonPath(e), e.getOriginalMessage()))), request);
        }
        String expected = e.getTargetType() == null ? "another type" : e.getTargetType().getSimpleName();
        return ProblemResponses.of(Problem.of(ProblemType.VALIDATION, "A field has the wrong type")
                .withErrors(List.of(new Problem.FieldError(jsonPath(e), "expected " + expected))), request);
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, ContainerRequestContext request) {
        String field = jsonPath(e);
        Problem p = Problem.of(ProblemType.VALIDATION, "The request body does not match the expected shape");
        if (!field.isEmpty()) {
            p = p.withErrors(List.of(new Problem.FieldError(field, "wrong type or shape")));
        }
        return ProblemResponses.of(p, request);
    }

    @ServerExceptionMapper
    public Response otherMapping(JsonMappingException e, ContainerRequestContext request) {
        String field = jsonPath(e);
        if (!field.isEmpty() && (e.getCause() instanceof InputCoercionException || e.getCause() instanceof NumberFormatException)) {
            // A number beyond what the field's type holds (an int of 1000 digits, an exponent past BigDecimal's): the
            // client's value is out of range, and says which field, like any other validation error.
            return ProblemResponses.of(Problem.of(ProblemType.VALIDATION, "A number is out of its field's range")
                    .withErrors(List.of(new Problem.FieldError(field, "a number out of this field's range"))), request);
        }
        return ProblemResponses.of(Problem.of(ProblemType.MALFORMED_REQUEST, "The request body cannot be read: "
                + e.getOriginalMessage()), request);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, ContainerRequestContext request) {
        return ProblemResponses.of(Problem.of(ProblemType.MALFORMED_REQUEST, "The request body is not valid JSON"), request);
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e, ContainerRequestContext request) {
        return unauthorized(request);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, ContainerRequestContext request) {
        return unauthorized(request);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, ContainerRequestContext request) {
        return ProblemResponses.of(Problem.of(ProblemType.FORBIDDEN, "Your role does not allow this operation"), request);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, ContainerRequestContext request) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json instanceof JsonMappingException mapping ? dispatch(mapping, request) : malformedJson(json, request);
        }
        int status = e.getResponse().getStatus();
        ProblemType type = ProblemType.forStatus(status);
        String detail = status >= 500 ? type.title() : safeMessage(e, type);
        Problem problem = new Problem(type.uri(), type.title(), status, detail, null, null, null);
        Map<String, String> headers = e.getResponse().getHeaderString("Allow") == null ? Map.of()
                : Map.of("Allow", e.getResponse().getHeaderString("Allow"));
        return ProblemResponses.of(problem, headers, request);
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, ContainerRequestContext request) {
        if (DatabaseUnavailable.causes(e)) {
            // The database is down or unreachable: the server's condition, not a bug. The transaction did not commit.
            LOG.warnf("Database unavailable on %s %s: %s", request == null ? "" : request.getMethod(),
                    request == null ? "" : request.getUriInfo().getPath(), e.getMessage());
            return ProblemResponses.of(Problem.of(ProblemType.SERVICE_UNAVAILABLE,
                    "The database is unavailable; try again shortly"), Map.of("Retry-After", DATABASE_RETRY_AFTER), request);
        }
        LOG.errorf(e, "Unexpected error on %s %s", request.getMethod(), request.getUriInfo().getPath());
        return ProblemResponses.of(Problem.of(ProblemType.INTERNAL,
                "An unexpected error occurred; quote the correlation id when reporting it"), request);
    }

    private Response dispatch(JsonMappingException e, ContainerRequestContext request) {
        if (e instanceof UnrecognizedPropertyException u) {
            return unknownField(u, request);
        }
        if (e instanceof InvalidFormatException i) {
            return wrongType(i, request);
        }
        if (e instanceof MismatchedInputException m) {
            return mismatched(m, request);
        }
        return otherMapping(e, request);
    }

    private static Response unauthorized(ContainerRequestContext request) {
        return ProblemResponses.of(Problem.of(ProblemType.UNAUTHORIZED, "A valid bearer token is required"),
                Map.of("WWW-Authenticate", "Bearer"), request);
    }

    private static String safeMessage(WebApplicationException e, ProblemType type) {
        String message = e.getMessage();
        // RESTEasy's default messages are "HTTP 404 Not Found" and the like: say something useful instead.
        return message == null || message.startsWith("HTTP ") ? type.title() : message;
    }

    static String jsonPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String fieldName(ConstraintViolation<?> violation) {
        // Drop the method and parameter nodes of a resource method ("create.body.name" -> "name").
        List<Path.Node> nodes = StreamSupport.stream(violation.getPropertyPath().spliterator(), false).toList();
        List<String> names = nodes.stream()
                .filter(n -> n.getKind() != jakarta.validation.ElementKind.METHOD)
                .map(Path.Node::toString).toList();
        if (names.size() > 1 && nodes.stream().anyMatch(n -> n.getKind() == jakarta.validation.ElementKind.PARAMETER)) {
            names = names.subList(1, names.size());
        }
        return names.isEmpty() ? "request" : String.join(".", names);
    }
}
