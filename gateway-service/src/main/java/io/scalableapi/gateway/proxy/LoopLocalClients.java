package io.scalableapi.gateway.proxy;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.impl.VertxInternal;
import io.netty.util.concurrent.EventExecutor;
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
    private final PoolOptions perLoop;
    /** Keyed by event-loop thread: a fixed, small set (quarkus.vertx.event-loops-pool-size). */
    private final Map<Thread, HttpClient> byLoop = new ConcurrentHashMap<>();
    private final HttpClient offLoop;

    /**
     * @param maxConnections connections per base URL for the whole replica: each event loop's pool gets its share, so
     *     the upstream sees no more connections than with one shared pool (with the whole bound per loop, the pools
     *     together held twice the connections and the gateway spent up to 60 % more CPU per answer at 1,024
     *     connections)
     */
    LoopLocalClients(Vertx vertx, HttpClientOptions options, int maxConnections) {
        this.vertx = vertx;
        this.options = options;
        int loops = eventLoops(vertx);
        this.perLoop = new PoolOptions().setHttp1MaxSize(Math.max(1, (maxConnections + loops - 1) / loops));
        // Calls made outside an event loop (documentation fetches from a worker, tests) share one client.
        this.offLoop = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(maxConnections));
    }

    private static int eventLoops(Vertx vertx) {
        int loops = 0;
        for (EventExecutor ignored : ((VertxInternal) vertx).getEventLoopGroup()) {
            loops++;
        }
        return Math.max(1, loops);
    }

    /** The client for the calling thread: its event loop's own, or the shared one off the event loops. */
    HttpClient current() {
        if (!Context.isOnEventLoopThread()) {
            return offLoop;
        }
        Thread loop = Thread.currentThread();
        HttpClient client = byLoop.get(loop);
        return client != null ? client : byLoop.computeIfAbsent(loop, t -> vertx.createHttpClient(options, perLoop));
    }

    void close() {
        byLoop.values().forEach(HttpClient::close);
        offLoop.close();
    }
}
