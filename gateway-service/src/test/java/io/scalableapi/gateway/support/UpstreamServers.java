package io.scalableapi.gateway.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Starts the upstream services the @QuarkusTest gateway routes to, before the gateway starts, and a fresh rate-limit key
 * namespace so that counts from an earlier run (still inside their window in the shared Infinispan) do not leak in.
 */
public class UpstreamServers implements QuarkusTestResourceLifecycleManager {

    public static EchoUpstream catalog;
    public static EchoUpstream user;
    public static EchoUpstream cache;
    public static EchoUpstream flaky;
    private static Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        catalog = EchoUpstream.start(vertx);
        user = EchoUpstream.start(vertx, "users");
        cache = EchoUpstream.start(vertx, "cache");
        flaky = EchoUpstream.start(vertx, "flaky");
        int nobodyListens;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            nobodyListens = probe.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return Map.of(
                "gateway.upstreams.dead.urls", "http://127.0.0.1:" + nobodyListens,
                "gateway.upstreams.catalog.urls", catalog.url(),
                "gateway.upstreams.user.urls", user.url(),
                "gateway.upstreams.cache.urls", cache.url(),
                "gateway.upstreams.flaky.urls", flaky.url(),
                // The echo servers answer /q/openapi on their one port.
                "gateway.upstreams.catalog.openapi-url", catalog.url() + "/q/openapi",
                "gateway.upstreams.user.openapi-url", user.url() + "/q/openapi",
                "gateway.upstreams.cache.openapi-url", cache.url() + "/q/openapi",
                "gateway.rate-limit.namespace", "test-" + UUID.randomUUID());
    }

    @Override
    public void stop() {
        if (vertx != null) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                // The JVM ends right after; nothing left to release.
            }
        }
    }
}
