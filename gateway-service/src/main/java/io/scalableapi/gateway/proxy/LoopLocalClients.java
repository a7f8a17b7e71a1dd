package io.scalableapi.gateway.proxy;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One upstream's HTTP clients, one per event loop, as Envoy keeps a connection pool per worker. A single shared client
 * hands a request the most recently used idle connection of its pool whatever event loop owns it: the upstream's answer
 * then arrives on that other loop and is handed back to the request's loop, a wake-up and a context switch per request,
 * and every acquisition scans the whole pool. A client used only from one loop opens its connections on that loop, so a
 * proxied request is read, forwarded and answered on one thread.
 */
final class LoopLocalClients {

    private final Vertx vertx;
    private final HttpClientOptions options;
    private final PoolOptions pool;
    /** Keyed by event-loop thread: a fixed, small set (quarkus.vertx.event-loops-pool-size). */
    private final Map<Thread, HttpClient> byLoop = new ConcurrentHashMap<>();
    private final HttpClient offLoop;

    LoopLocalClients(Vertx vertx, HttpClientOptions options, PoolOptions pool) {
        this.vertx = vertx;
        this.options = options;
        this.pool = pool;
        // Calls made outside an event loop (documentation fetches from a worker, tests) share one client.
        this.offLoop = vertx.createHttpClient(options, pool);
    }

    /** The client for the calling thread: its event loop's own, or the shared one off the event loops. */
    HttpClient current() {
        if (!Context.isOnEventLoopThread()) {
            return offLoop;
        }
        Thread loop = Thread.currentThread();
        HttpClient client = byLoop.get(loop);
        return client != null ? client : byLoop.computeIfAbsent(loop, t -> vertx.createHttpClient(options, pool));
    }

    void close() {
        byLoop.values().forEach(HttpClient::close);
        offLoop.close();
    }
}
