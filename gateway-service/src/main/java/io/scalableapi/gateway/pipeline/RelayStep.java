package io.scalableapi.gateway.pipeline;

import io.scalableapi.contracts.errors.Problem;
import io.scalableapi.gateway.problem.ProblemResponses;
import io.scalableapi.gateway.proxy.HeaderPolicy;
import io.scalableapi.gateway.proxy.UpstreamStatusException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import jakarta.inject.Singleton;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Streams the upstream's answer to the client (status, the headers that may cross, the body with back-pressure), or
 * passes on the upstream's own failed answer that the forward step kept. An error answer (4xx, 5xx) without a problem
 * document (an HTTP layer's bare 414 or 413, a text/plain 503) becomes one with the same status: clients meet one error
 * shape whoever answered. Only the status and content type are looked at, so successful answers still stream untouched.
 */
@Singleton
public class RelayStep implements Step {

    private static final Logger LOG = Logger.getLogger(RelayStep.class);
    /** The headers that explain an error and survive its rewriting; the body's own (length, encoding, ETag) cannot. */
    private static final List<String> EXPLAINING = List.of("Retry-After", "Allow", "WWW-Authenticate");

    private final HeaderPolicy headers;
    private final ProblemResponses problems;

    RelayStep(HeaderPolicy headers, ProblemResponses problems) {
        this.headers = headers;
        this.problems = problems;
    }

    @Override
    public Future<Exchange> apply(Exchange ex) {
        HttpServerResponse response = ex.ctx.response();
        UpstreamStatusException answer = ex.upstreamAnswer;
        if (answer != null) {
            if (isBareError(answer.status(), answer.headers())) {
                reshape(ex, answer.status(), answer.headers());
                return Future.succeededFuture(ex);
            }
            response.setStatusCode(answer.status());
            headers.copyToClient(answer.headers(), response.headers());
            response.end(answer.body() == null ? Buffer.buffer() : answer.body());
            return Future.succeededFuture(ex);
        }
        HttpClientResponse upstream = ex.upstreamResponse;
        if (isBareError(upstream.statusCode(), upstream.headers())) {
            // Drain what the upstream sends so that its connection goes back to the pool; nothing of it is kept.
            upstream.handler(ignored -> {
            }).exceptionHandler(e -> LOG.debugf("draining an upstream error failed [%s]: %s", ex.correlationId, e));
            upstream.resume();
            reshape(ex, upstream.statusCode(), upstream.headers());
            return Future.succeededFuture(ex);
        }
        response.setStatusCode(upstream.statusCode());
        headers.copyToClient(upstream.headers(), response.headers());
        String length = upstream.getHeader("Content-Length");
        if (length != null) {
            response.putHeader("Content-Length", length);
        } else if (ex.request.version() != HttpVersion.HTTP_1_0) {
            response.setChunked(true);
        }
        relayBody(ex, upstream, response);
        return Future.succeededFuture(ex);
    }

    /**
     * Copies the upstream's body to the client with back-pressure. A client that goes away mid-answer is normal traffic
     * (a timeout on its side, a closed tab): the rest of the upstream's body is read and dropped, and nothing is written
     * to the closed response, where a write would fail with an error logged per connection (Vert.x's pipe did that, one
     * stack trace each). The upstream exchange is not reset: the client's pool may already have handed that connection
     * to another request once the whole answer was in its buffer, and a reset would cut that request instead (seen as
     * "Connection was closed" failures that opened a healthy route's circuit when 1,024 clients hung up at once).
     */
    private static void relayBody(Exchange ex, HttpClientResponse upstream, HttpServerResponse response) {
        upstream.handler(chunk -> {
            if (response.ended() || response.closed()) {
                return;
            }
            response.write(chunk);
            if (response.writeQueueFull()) {
                upstream.pause();
                response.drainHandler(v -> upstream.resume());
            }
        });
        upstream.endHandler(v -> {
            if (!response.ended() && !response.closed()) {
                response.end();
            }
        });
        upstream.exceptionHandler(e -> {
            LOG.debugf("relaying the upstream response failed [%s]: %s", ex.correlationId, e);
            if (!response.closed()) {
                ex.request.connection().close();
            }
        });
        upstream.resume();
    }

    private void reshape(Exchange ex, int status, MultiMap upstreamHeaders) {
        MultiMap out = ex.ctx.response().headers();
        for (String name : EXPLAINING) {
            List<String> values = upstreamHeaders.getAll(name);
            if (!values.isEmpty()) {
                out.set(name, values);
            }
        }
        problems.sendForStatus(ex.ctx, status, "The " + ex.route.upstream() + " service answered " + status
                + " without details");
    }

    /** An error status whose body is not a problem document (none, HTML, text). */
    static boolean isBareError(int status, MultiMap headers) {
        if (status < 400) {
            return false;
        }
        String type = headers.get("Content-Type");
        return type == null || !type.regionMatches(true, 0, Problem.MEDIA_TYPE, 0, Problem.MEDIA_TYPE.length());
    }
}
