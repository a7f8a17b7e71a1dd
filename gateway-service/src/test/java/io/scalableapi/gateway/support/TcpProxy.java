package io.scalableapi.gateway.support;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay to a real server that a test can freeze: while frozen, no byte moves in either direction and new
 * connections hang, as in a network partition (the hard case: nothing is refused, everything waits).
 */
public final class TcpProxy implements AutoCloseable {

    private final Vertx vertx;
    private final NetServer server;
    private final List<NetSocket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean frozen;
    private volatile boolean cut;

    private TcpProxy(Vertx vertx, NetServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    public static TcpProxy start(Vertx vertx, String targetHost, int targetPort) throws Exception {
        NetServer server = vertx.createNetServer();
        TcpProxy proxy = new TcpProxy(vertx, server);
        var client = vertx.createNetClient();
        server.connectHandler(inbound -> {
            if (proxy.cut) {
                inbound.close();
                return;
            }
            inbound.pause();
            proxy.sockets.add(inbound);
            client.connect(targetPort, targetHost).onFailure(e -> inbound.close()).onSuccess(outbound -> {
                proxy.sockets.add(outbound);
                outbound.pause();
                inbound.handler(outbound::write);
                outbound.handler(inbound::write);
                inbound.closeHandler(v -> outbound.close());
                outbound.closeHandler(v -> inbound.close());
                if (!proxy.frozen) {
                    inbound.resume();
                    outbound.resume();
                }
            });
        });
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        return proxy;
    }

    public int port() {
        return server.actualPort();
    }

    public void freeze() {
        frozen = true;
        vertx.runOnContext(v -> sockets.forEach(NetSocket::pause));
    }

    public void thaw() {
        frozen = false;
        vertx.runOnContext(v -> sockets.forEach(NetSocket::resume));
    }

    /**
     * As if the server went down: every open connection is closed and new ones are closed as soon as they are
     * accepted (the client sees its connection reset), until {@link #restore()}.
     */
    public void cut() {
        cut = true;
        vertx.runOnContext(v -> {
            sockets.forEach(NetSocket::close);
            sockets.clear();
        });
    }

    public void restore() {
        cut = false;
    }

    @Override
    public void close() {
        server.close();
        sockets.forEach(NetSocket::close);
    }
}
