package io.scalableapi.gateway.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One attempt at an upstream: send the request (streaming the client's body with back-pressure, never buffering it) and
 * complete when the response headers arrive. The response is handed over paused so that no byte is lost before it is
 * piped to the client. Failed answers (see {@link UpstreamStatusException#countsAsFailure}) complete exceptionally.
 */
public final class UpstreamCall {

    /** Thrown when the client's body grows past the route's limit while it streams. */
    public static final class BodyTooLargeException extends RuntimeException {
        BodyTooLargeException() {
            super("request body too large", null, false, false);
        }
    }

    private UpstreamCall() {
    }

    /** Sends to {@code base}, one of the upstream's {@link Upstream#nextBase() base URLs}. */
    public static CompletionStage<HttpClientResponse> send(Upstream upstream, URI base, HttpMethod method,
            String pathAndQuery, MultiMap headers, HttpServerRequest body, long maxBodyBytes, long timeoutMillis) {
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setHost(base.getHost())
                .setPort(base.getPort() > 0 ? base.getPort() : 80)
                .setURI(pathAndQuery)
                .setHeaders(headers)
                .setIdleTimeout(timeoutMillis);
        CompletableFuture<HttpClientResponse> result = new CompletableFuture<>();
        upstream.client().request(options).onFailure(result::completeExceptionally).onSuccess(request -> {
            request.response().onFailure(result::completeExceptionally).onSuccess(response -> {
                if (UpstreamStatusException.countsAsFailure(response.statusCode(), response.headers())) {
                    response.body().onComplete(b -> result.completeExceptionally(new UpstreamStatusException(
                            response.statusCode(), response.headers(), b.succeeded() ? b.result() : null)));
                } else {
                    response.pause();
                    result.complete(response);
                }
            });
            if (body == null) {
                request.end();
            } else {
                stream(body, request, maxBodyBytes, result);
            }
        });
        return result;
    }

    private static void stream(HttpServerRequest from, HttpClientRequest to, long maxBodyBytes,
            CompletableFuture<HttpClientResponse> result) {
        String length = from.getHeader("Content-Length");
        if (length != null) {
            to.putHeader("Content-Length", length);
        } else {
            to.setChunked(true);
        }
        long[] seen = {0};
        from.handler(chunk -> {
            seen[0] += chunk.length();
            if (seen[0] > maxBodyBytes) {
                from.handler(null);
                to.reset();
                result.completeExceptionally(new BodyTooLargeException());
                return;
            }
            to.write(chunk);
            if (to.writeQueueFull()) {
                from.pause();
                to.drainHandler(v -> from.resume());
            }
        });
        from.endHandler(v -> {
            if (seen[0] <= maxBodyBytes) {
                to.end();
            }
        });
        from.exceptionHandler(e -> to.reset());
        from.resume();
    }
}
