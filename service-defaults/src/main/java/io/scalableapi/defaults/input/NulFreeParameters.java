package io.scalableapi.defaults.input;

import io.scalableapi.contracts.errors.Problem;
import io.scalableapi.contracts.errors.ProblemType;
import io.scalableapi.defaults.errors.ProblemResponses;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Refuses a query or path parameter holding U+0000 (see {@link NulCharacter}) before any resource runs. */
public class NulFreeParameters {

    // After the correlation id filter (priority USER), so the 400 carries the request's id.
    @ServerRequestFilter(preMatching = true, priority = Priorities.USER + 20)
    public Response check(ContainerRequestContext request) {
        var uri = request.getUriInfo();
        if (NulCharacter.in(uri.getPath())) {
            return refuse("path", request);
        }
        for (Map.Entry<String, List<String>> parameter : uri.getQueryParameters().entrySet()) {
            if (NulCharacter.in(parameter.getKey()) || parameter.getValue().stream().anyMatch(NulCharacter::in)) {
                return refuse(parameter.getKey().replace('\u0000', '?'), request);
            }
        }
        return null;
    }

    private static Response refuse(String where, ContainerRequestContext request) {
        return ProblemResponses.of(Problem.of(ProblemType.VALIDATION, "A request parameter " + NulCharacter.PROBLEM)
                .withErrors(List.of(new Problem.FieldError(where, NulCharacter.PROBLEM))), request);
    }
}
