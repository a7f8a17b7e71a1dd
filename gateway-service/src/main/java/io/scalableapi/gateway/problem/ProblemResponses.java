package io.scalableapi.gateway.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scalableapi.contracts.errors.Problem;
import io.scalableapi.contracts.errors.ProblemType;
import io.scalableapi.gateway.proxy.CorrelationId;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.net.URI;

/** Every error the gateway itself answers is an RFC 9457 document from shared-contracts, carrying the correlation id. */
@Singleton
public class ProblemResponses {

    private final ObjectMapper mapper;

    ProblemResponses(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Ends the response with the problem. Headers already set on the response (RateLimit, Retry-After...) are kept. */
    public void send(RoutingContext ctx, ProblemType type, String detail) {
        send(ctx, Problem.of(type, detail));
    }

    /**
     * Ends the response with a problem for an upstream's error answer that came without one: the upstream's status kept,
     * the platform type for it ({@link ProblemType#forStatus}), and the HTTP reason phrase as title when no type has
     * that very status (a 410 is not a 400, even if its type is the general one).
     */
    public void sendForStatus(RoutingContext ctx, int status, String detail) {
        ProblemType type = ProblemType.forStatus(status);
        String title = type.status() == status ? type.title() : HttpResponseStatus.valueOf(status).reasonPhrase();
        send(ctx, new Problem(type.uri(), title, status, detail, null, null, null));
    }

    private void send(RoutingContext ctx, Problem of) {
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            // The upstream's status line is already on the wire: the only honest signal left is to cut the connection.
            ctx.request().connection().close();
            return;
        }
        Problem problem = of
                .withInstance(URI.create(ctx.normalizedPath()))
                .withCorrelationId(CorrelationId.of(ctx));
        String body;
        try {
            body = mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Problem is a plain record and always serializes", e);
        }
        response.setStatusCode(problem.status())
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Cache-Control", "no-store")
                .end(body);
    }
}
