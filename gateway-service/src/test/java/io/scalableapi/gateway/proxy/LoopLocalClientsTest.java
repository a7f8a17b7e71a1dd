package io.scalableapi.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.VertxInternal;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoopLocalClientsTest {

    private Vertx vertx;
    private HttpServer upstream;
    private LoopLocalClients clients;
    private final Set<String> loopThreads = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        upstream = vertx.createHttpServer().requestHandler(request -> {
            request.response().end(request.remoteAddress().toString());
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        clients = new LoopLocalClients(vertx, new HttpClientOptions().setKeepAlive(true), 4);
    }

    @AfterEach
    void stop() throws Exception {
        clients.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void eachEventLoopGetsItsOwnClientAndKeepsIt() throws Exception {
        Context loopA = newEventLoopContext();
        Context loopB = newEventLoopContext();

        HttpClient a1 = on(loopA, clients::current);
        HttpClient a2 = on(loopA, clients::current);
        HttpClient b = on(loopB, clients::current);

        assertSame(a1, a2);
        assertNotSame(a1, b);
        assertNotSame(a1, clients.current(), "off the event loops a shared client serves");
    }

    @Test
    void requestsFromTwoEventLoopsNeverShareAnUpstreamConnection() throws Exception {
        Context loopA = newEventLoopContext();
        Context loopB = newEventLoopContext();

        Set<String> usedByA = new HashSet<>();
        Set<String> usedByB = new HashSet<>();
        // One after the other, each connection back in its pool before the next call: a shared pool hands a caller the
        // connection most recently used, which is the other loop's.
        for (int i = 0; i < 4; i++) {
            usedByA.add(callFrom(loopA));
            usedByB.add(callFrom(loopB));
        }

        Set<String> shared = new HashSet<>(usedByA);
        shared.retainAll(usedByB);
        assertEquals(Set.of(), shared, "connections used by both loops (A " + usedByA + ", B " + usedByB + ")");
    }

    /** Calls the upstream from {@code loop}; the upstream's view of the connection that carried the call. */
    private String callFrom(Context loop) throws Exception {
        CompletableFuture<String> body = new CompletableFuture<>();
        loop.runOnContext(v -> clients.current()
                .request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
                        .setPort(upstream.actualPort()).setURI("/"))
                .compose(request -> request.send().compose(response -> response.body()))
                .onSuccess(b -> body.complete(b.toString()))
                .onFailure(body::completeExceptionally));
        String connection = body.get(5, TimeUnit.SECONDS);
        Thread.sleep(50);
        return connection;
    }

    /** Contexts are handed the event loops in turn: two in a row are on different threads (checked). */
    private Context newEventLoopContext() throws Exception {
        Context context = ((VertxInternal) vertx).createEventLoopContext();
        String thread = on(context, () -> Thread.currentThread().getName());
        if (!loopThreads.add(thread)) {
            throw new IllegalStateException("two contexts on one event loop: " + thread);
        }
        return context;
    }

    private static <T> T on(Context loop, Supplier<T> call) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.runOnContext(v -> result.complete(call.get()));
        return result.get(5, TimeUnit.SECONDS);
    }
}
