package io.scalableapi.cache.support;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.scalableapi.contracts.catalog.ProductPageV1;
import io.scalableapi.contracts.catalog.ProductV1;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Stands in for catalog-service's public product list (same contract records, cursor paging) so warm-ups can be tested
 * without it. Its products are new on every start. The end-to-end run against the real catalog-service is separate.
 */
public class FakeCatalog implements QuarkusTestResourceLifecycleManager {
    static final int PRODUCTS = 12;

    private HttpServer server;
    /** Pause before each page, so a test can watch a warm-up while it runs. */
    private volatile Duration delay = Duration.ZERO;

    /** When set, every page's headers and half its body are sent, then nothing until {@link #release()}. */
    private static volatile java.util.concurrent.CountDownLatch stalled;

    /** Pages stall in the middle of their body from now on (a catalog that hangs after answering). */
    public static void stallBodies() {
        stalled = new java.util.concurrent.CountDownLatch(1);
    }

    /** Pages are whole again; stalled ones end. */
    public static void release() {
        failures.set(0);
        java.util.concurrent.CountDownLatch latch = stalled;
        stalled = null;
        if (latch != null) {
            latch.countDown();
        }
    }

    /** Answers left before pages are served again, and their status. */
    private static final java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
    private static volatile int failureStatus;

    /** The next {@code count} page requests are answered {@code status} with an empty body. */
    public static void failNext(int count, int status) {
        failureStatus = status;
        failures.set(count);
    }

    public void delay(Duration perPage) {
        this.delay = perPage;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public Map<String, String> start() {
        List<ProductV1> products = new ArrayList<>();
        for (int i = 0; i < PRODUCTS; i++) {
            products.add(CatalogEvents.product(UUID.randomUUID(), 1 + i, "warm " + i));
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/api/v1/products", exchange -> {
            pause();
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                exchange.sendResponseHeaders(failureStatus, -1);
                exchange.close();
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            int limit = Integer.parseInt(query.getOrDefault("limit", "20"));
            int from = Integer.parseInt(query.getOrDefault("cursor", "0"));
            int to = Math.min(products.size(), from + limit);
            String next = to < products.size() ? String.valueOf(to) : null;
            byte[] body = CatalogEvents.json(new ProductPageV1(products.subList(from, to), next, limit))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                java.util.concurrent.CountDownLatch latch = stalled;
                if (latch != null) {
                    out.write(body, 0, body.length / 2);
                    out.flush();
                    try {
                        latch.await(2, java.util.concurrent.TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return; // closing short of the announced length
                }
                out.write(body);
            }
        });
        // One thread per request: a slow page for one replica does not hold up another's.
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        return Map.of("cache-service.warm-up.catalog-url", url());
    }

    private void pause() {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new java.util.HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        return params;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
