package io.scalableapi.gateway.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real HTTP upstream on a random 127.0.0.1 port. By default it answers 200 with what it received (method, URI, headers,
 * body size) so tests can check what the gateway forwarded. {@link #mode} switches it to failing answers: "503" answers
 * 503, "503-retry-after" answers 503 with Retry-After, "close" drops the connection without answering, "slow" answers
 * as "ok" after {@link #slowMillis}, "status:CODE:KIND" answers that error (see {@link #answerStatus}). It counts the
 * requests it saw.
 */
public final class EchoUpstream implements AutoCloseable {

    public final AtomicReference<String> mode = new AtomicReference<>("ok");
    public final AtomicInteger hits = new AtomicInteger();
    /** The traceparent of every request it saw (null where none came), in arrival order. */
    public final java.util.Queue<String> traceparents = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** In mode "slow": how long each answer is held back. */
    public final AtomicInteger slowMillis = new AtomicInteger(200);
    private final HttpServer server;
    private final Vertx vertx;

    private final String docName;

    private EchoUpstream(Vertx vertx, HttpServer server, String docName) {
        this.vertx = vertx;
        this.server = server;
        this.docName = docName;
    }

    public static EchoUpstream start(Vertx vertx) {
        return start(vertx, "products");
    }

    /** {@code docName}: the path segment its OpenAPI document describes ({@code /api/v1/<docName>/{id}}). */
    public static EchoUpstream start(Vertx vertx, String docName) {
        HttpServer server = vertx.createHttpServer();
        EchoUpstream upstream = new EchoUpstream(vertx, server, docName);
        server.requestHandler(upstream::handle);
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("test upstream did not start", e);
        }
        return upstream;
    }

    public int port() {
        return server.actualPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    private void handle(HttpServerRequest request) {
        if (request.path().equals("/q/openapi")) {
            // A tiny OpenAPI document, as a Quarkus service would serve it, for the gateway's merged /api/docs.
            JsonObject doc = new JsonObject().put("openapi", "3.1.0")
                    .put("paths", new JsonObject()
                            .put("/api/v1/" + docName + "/{id}", new JsonObject().put("get", new JsonObject()
                                    .put("operationId", "get-" + docName)))
                            .put("/q/health", new JsonObject().put("get", new JsonObject())))
                    .put("components", new JsonObject().put("schemas", new JsonObject()
                            .put(docName + "-schema", new JsonObject().put("type", "object"))));
            request.response().putHeader("Content-Type", "application/json").end(doc.encode());
            return;
        }
        hits.incrementAndGet();
        String traceparent = request.getHeader("traceparent");
        traceparents.add(traceparent == null ? "none" : traceparent);
        String current = mode.get();
        if (current.startsWith("status:")) {
            answerStatus(request, current);
            return;
        }
        switch (current) {
            case "503" -> {
                request.response().setStatusCode(503).putHeader("Content-Type", "text/plain").end("down for a test");
                return;
            }
            case "503-retry-after" -> {
                request.response().setStatusCode(503).putHeader("Retry-After", "5").putHeader("Content-Type", "text/plain")
                        .end("down for a test, back in 5 s");
                return;
            }
            case "close" -> {
                request.connection().close();
                return;
            }
            case "slow" -> {
                request.pause();
                vertx.setTimer(slowMillis.get(), t -> {
                    request.resume();
                    echo(request);
                });
                return;
            }
            default -> {
            }
        }
        echo(request);
    }

    /**
     * Mode "status:CODE:KIND": answers CODE with no body ("empty", as an HTTP layer's bare 414), a text/plain or HTML
     * body, or a problem+json document ("problem", which the gateway passes on as it is).
     */
    private static void answerStatus(HttpServerRequest request, String mode) {
        String[] parts = mode.split(":");
        int status = Integer.parseInt(parts[1]);
        var response = request.response().setStatusCode(status).putHeader("Retry-After", "7");
        switch (parts[2]) {
            case "text" -> response.putHeader("Content-Type", "text/plain").end("upstream says no");
            case "html" -> response.putHeader("Content-Type", "text/html").end("<html><body>Oops</body></html>");
            case "problem" -> response.putHeader("Content-Type", "application/problem+json")
                    .end(new JsonObject().put("type", "https://scalableapi.io/problems/conflict").put("title", "Conflict")
                            .put("status", status).put("detail", "from the upstream").encode());
            default -> response.putHeader("Content-Length", "0").end();
        }
    }

    private void echo(HttpServerRequest request) {
        long[] bytes = {0};
        request.handler(b -> bytes[0] += b.length());
        request.endHandler(v -> {
            JsonObject headers = new JsonObject();
            for (Map.Entry<String, String> h : request.headers()) {
                String name = h.getKey().toLowerCase();
                headers.put(name, headers.containsKey(name) ? headers.getString(name) + "|" + h.getValue() : h.getValue());
            }
            JsonObject body = new JsonObject().put("method", request.method().name()).put("uri", request.uri())
                    .put("headers", headers).put("bodyBytes", bytes[0]);
            request.response().putHeader("Content-Type", "application/json")
                    // Hop-by-hop headers the gateway must not pass back.
                    .putHeader("Connection", "keep-alive, X-Upstream-Hop")
                    .putHeader("X-Upstream-Hop", "secret")
                    .putHeader("Keep-Alive", "timeout=30")
                    .putHeader("X-Upstream-Served", "yes")
                    .end(body.encode());
        });
    }

    @Override
    public void close() {
        server.close();
    }
}
