package io.scalableapi.defaults.errors;

import io.scalableapi.contracts.errors.Problem;
import io.scalableapi.defaults.correlation.CorrelationIdFilters;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;

/** Builds the problem+json response: one place decides the media type, correlation id, instance and caching. */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    public static Response of(Problem problem, ContainerRequestContext request) {
        return of(problem, Map.of(), request);
    }

    public static Response of(Problem problem, Map<String, String> headers, ContainerRequestContext request) {
        Problem body = problem.withCorrelationId(CorrelationIdFilters.current(request));
        if (request != null && body.instance() == null) {
            body = body.withInstance(URI.create(request.getUriInfo().getRequestUri().getRawPath()));
        }
        Response.ResponseBuilder builder = Response.status(body.status())
                .type(Problem.MEDIA_TYPE)
                .header("Cache-Control", "no-store")
                .entity(body);
        headers.forEach(builder::header);
        return builder.build();
    }
}
