package io.scalableapi.catalog.rest;

import io.scalableapi.catalog.config.CatalogConfig;
import io.scalableapi.contracts.errors.Problem;
import io.scalableapi.contracts.errors.ProblemType;
import io.scalableapi.defaults.errors.ProblemResponses;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Rejects a write body above {@code catalog.http.max-body-bytes} from its Content-Length, before it is read or parsed,
 * with a problem+json 413 (the HTTP layer's own larger cap answers without a problem body). A body that declares no
 * length (chunked) is counted as it is read instead, by {@link ReadBodyLimit}.
 */
public class BodySizeLimit {
    private final long maxBytes;

    BodySizeLimit(CatalogConfig config) {
        this.maxBytes = config.http().maxBodyBytes();
    }

    // After the correlation id filter (priority USER), so the 413 carries the request's id.
    @ServerRequestFilter(preMatching = true, priority = Priorities.USER + 10)
    public Response check(ContainerRequestContext request) {
        if (request.getLength() > maxBytes) {
            return ProblemResponses.of(Problem.of(ProblemType.PAYLOAD_TOO_LARGE,
                    "The request body is larger than " + maxBytes + " bytes"), request);
        }
        return null;
    }
}
