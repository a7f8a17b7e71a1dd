package io.scalableapi.defaults.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.scalableapi.contracts.caches.CacheNames;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import org.infinispan.client.hotrod.RemoteCacheManager;
import org.infinispan.client.hotrod.configuration.ClientIntelligence;
import org.infinispan.client.hotrod.configuration.ConfigurationBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against the real Infinispan (scripts/infra.sh, 127.0.0.1:11222) through a relay the test freezes: calls that go
 * unanswered past the restart period restart the client, and the restarted client serves the caches once the network
 * is back.
 */
class CacheClientRestartTest {
    private static final String CACHE = CacheNames.CATALOG_PRODUCTS;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private FreezableRelay relay;
    private RemoteCacheManager manager;
    private CacheCalls calls;
    private PlatformCaches caches;

    @BeforeEach
    void connectThroughTheRelay() throws Exception {
        relay = new FreezableRelay(11222);
        // BASIC: the client keeps talking to the relay instead of the address the server announces.
        manager = new RemoteCacheManager(new ConfigurationBuilder()
                .addServer().host("127.0.0.1").port(relay.port())
                .clientIntelligence(ClientIntelligence.BASIC)
                .connectionTimeout(2000).socketTimeout(2000)
                // DEV ONLY credentials, as in cache-service's application.properties.
                .security().authentication().username("cache-service").password("cache-service-dev-only")
                .build());
        calls = new CacheCalls(Duration.ofMillis(300), Duration.ofSeconds(2), () -> {
            manager.stop();
            manager.start();
        }, System::nanoTime, registry);
        caches = new PlatformCaches(manager, new ObjectMapper(), registry, calls);
    }

    @AfterEach
    void close() throws Exception {
        relay.thaw();
        manager.stop();
        relay.close();
    }

    @Test
    void aClientThatGetsNoAnswersIsRestartedAndServesOnceTheNetworkIsBack() throws Exception {
        String key = "restart-test-" + UUID.randomUUID();
        String value = "{\"version\":1}";
        calls.await(caches.open(CACHE).putAsync(key, value), "put");

        relay.freeze();
        long frozenAt = System.nanoTime();
        eventually(Duration.ofSeconds(15), () -> {
            try {
                calls.await(caches.open(CACHE).getAsync(key), "read");
            } catch (RuntimeException unanswered) {
                // expected while frozen
            }
            return registry.counter("platform.cache.client.restarts").count() >= 1;
        }, "a restart while every call goes unanswered");
        long restartedAfterMs = (System.nanoTime() - frozenAt) / 1_000_000;
        relay.thaw();

        String[] read = new String[1];
        eventually(Duration.ofSeconds(15), () -> {
            try {
                read[0] = calls.await(caches.open(CACHE).getAsync(key), "read");
                return true;
            } catch (RuntimeException notYet) {
                return false;
            }
        }, "a read through the restarted client");

        assertEquals(value, read[0]);
        assertTrue(restartedAfterMs >= 2000, "not before the period: " + restartedAfterMs + " ms");
        assertTrue(calls.generation() >= 1, "caches reopened after the restart");
        calls.await(caches.open(CACHE).removeAsync(key), "remove");
    }

    private static void eventually(Duration within, Supplier<Boolean> condition, String what) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.get()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Not within " + within.toSeconds() + " s: " + what);
    }
}
