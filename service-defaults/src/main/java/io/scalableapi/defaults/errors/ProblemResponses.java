package io.scalableapi.defaults.errors;

import io.scalableapi.contracts.errors.Problem;
import io.scalableapi.defaults.correlation.CorrelationId;
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
        String correlationId = CorrelationIdFilters.current(request);
        if (correlationId == null) {
            // Failures before the JAX-RS filters ran (proactive authentication, for one) still carry an id: the
            // caller's X-Request-Id when sane, else a new one, echoed below.
            correlationId = CorrelationId.acceptOrCreate(request == null ? null : request.getHeaderString(CorrelationId.HEADER));
        }
        Problem body = problem.withCorrelationId(correlationId);
        if (request != null && body.instance() == null) {
            body = body.withInstance(URI.create(request.getUriInfo().getRequestUri().getRawPath()));
        }
        Response.ResponseBuilder builder = Response.status(body.status())
                .type(Problem.MEDIA_TYPE)
                .header("Cache-Control", "no-store")
                .header(CorrelationId.HEADER, correlationId)
                .entity(body);
        headers.forEach(builder::header);
        return builder.build();
    }
}
