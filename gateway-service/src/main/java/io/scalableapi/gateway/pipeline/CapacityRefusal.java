package io.scalableapi.gateway.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scalableapi.contracts.errors.Problem;
import io.scalableapi.contracts.errors.ProblemType;
import io.scalableapi.gateway.proxy.CorrelationId;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;

/**
 * The 503 a request gets when the replica is at its admission bound: the same problem+json document ProblemResponses
 * would write, with Retry-After, but put together from a template made once at startup. Under overload half the requests
 * or more are refused, and every microsecond a refusal costs is taken from the admitted ones (goodput at 2x offered load
 * depends on a refusal costing a small fraction of a served request): no serializer, no URI parsing, header names and
 * values pre-encoded.
 */
final class CapacityRefusal {

    static final String DETAIL = "The gateway is at capacity; retry shortly";
    private static final String INSTANCE_MARK = "/__instance__";
    private static final String ID_MARK = "__correlation__";
    private static final CharSequence REQUEST_ID = HttpHeaders.createOptimized(CorrelationId.HEADER);
    private static final CharSequence RETRY_AFTER = HttpHeaders.createOptimized("Retry-After");
    private static final CharSequence ONE_SECOND = HttpHeaders.createOptimized("1");
    private static final CharSequence PROBLEM_JSON = HttpHeaders.createOptimized(Problem.MEDIA_TYPE);
    private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");

    private final String beforeInstance;
    private final String beforeId;
    private final String end;

    CapacityRefusal(ObjectMapper mapper) {
        String template;
        try {
            template = mapper.writeValueAsString(Problem.of(ProblemType.SERVICE_UNAVAILABLE, DETAIL)
                    .withInstance(URI.create(INSTANCE_MARK)).withCorrelationId(ID_MARK));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Problem is a plain record and always serializes", e);
        }
        int instance = template.indexOf(INSTANCE_MARK);
        int id = template.indexOf(ID_MARK);
        if (instance < 0 || id < instance) {
            throw new IllegalStateException("unexpected problem document layout: " + template);
        }
        beforeInstance = template.substring(0, instance);
        beforeId = template.substring(instance + INSTANCE_MARK.length(), id);
        end = template.substring(id + ID_MARK.length());
    }

    /** Ends the request's response with the refusal. */
    void send(RoutingContext ctx) {
        String id = CorrelationId.of(ctx);
        String body = document(ctx.normalizedPath(), id);
        MultiMap headers = ctx.response().headers();
        headers.set(REQUEST_ID, id);
        headers.set(RETRY_AFTER, ONE_SECOND);
        headers.set(HttpHeaders.CONTENT_TYPE, PROBLEM_JSON);
        headers.set(HttpHeaders.CACHE_CONTROL, NO_STORE);
        ctx.response().setStatusCode(503).end(Buffer.buffer(body));
    }

    /** The document for one request: its path as the instance (JSON-escaped) and its correlation id. */
    String document(String path, String correlationId) {
        StringBuilder out = new StringBuilder(beforeInstance.length() + path.length() + beforeId.length()
                + correlationId.length() + end.length() + 8);
        out.append(beforeInstance);
        JsonStringEncoder.getInstance().quoteAsString(path, out);
        out.append(beforeId);
        // Correlation ids are restricted to [A-Za-z0-9._:-] (CorrelationId): nothing to escape.
        out.append(correlationId).append(end);
        return out.toString();
    }
}
