package io.scalableapi.gateway.pipeline;

import io.scalableapi.gateway.proxy.HeaderPolicy;
import io.scalableapi.gateway.proxy.UpstreamStatusException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Streams the upstream's answer to the client (status, the headers that may cross, the body with back-pressure), or
 * passes on the upstream's own failed answer that the forward step kept.
 */
@Singleton
public class RelayStep implements Step {

    private static final Logger LOG = Logger.getLogger(RelayStep.class);

    private final HeaderPolicy headers;

    RelayStep(HeaderPolicy headers) {
        this.headers = headers;
    }

    @Override
    public Future<Exchange> apply(Exchange ex) {
        HttpServerResponse response = ex.ctx.response();
        UpstreamStatusException answer = ex.upstreamAnswer;
        if (answer != null) {
            response.setStatusCode(answer.status());
            headers.copyToClient(answer.headers(), response.headers());
            response.end(answer.body() == null ? Buffer.buffer() : answer.body());
            return Future.succeededFuture(ex);
        }
        HttpClientResponse upstream = ex.upstreamResponse;
        response.setStatusCode(upstream.statusCode());
        headers.copyToClient(upstream.headers(), response.headers());
        String length = upstream.getHeader("Content-Length");
        if (length != null) {
            response.putHeader("Content-Length", length);
        } else if (ex.request.version() != HttpVersion.HTTP_1_0) {
            response.setChunked(true);
        }
        upstream.pipeTo(response).onFailure(e -> {
            LOG.debugf("relaying the upstream response failed [%s]: %s", ex.correlationId, e);
            ex.request.connection().close();
        });
        return Future.succeededFuture(ex);
    }
}
