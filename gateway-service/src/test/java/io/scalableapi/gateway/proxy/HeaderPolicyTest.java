package io.scalableapi.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.MultiMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderPolicyTest {

    private final HeaderPolicy policy = new HeaderPolicy(List.of("x-internal-", "x-user-"));

    @Test
    void hopByHopInternalAndSpoofedForwardingHeadersDoNotGoUpstream() {
        MultiMap in = MultiMap.caseInsensitiveMultiMap()
                .add("Connection", "keep-alive, X-Custom-Hop").add("X-Custom-Hop", "1").add("Keep-Alive", "timeout=5")
                .add("Upgrade", "h2c").add("X-Internal-Role", "admin").add("X-User-Id", "42")
                .add("X-Forwarded-For", "6.6.6.6").add("Forwarded", "for=6.6.6.6").add("Authorization", "Bearer t")
                .add("Accept", "application/json").add("traceparent", "garbage");
        MultiMap out = policy.upstreamRequestHeaders(in,
                new HeaderPolicy.Forwarding("127.0.0.1", "127.0.0.1", false, "http", "gw:8080", "rid-1"));
        for (String gone : List.of("Connection", "X-Custom-Hop", "Keep-Alive", "Upgrade", "X-Internal-Role", "X-User-Id",
                "Forwarded")) {
            assertNull(out.get(gone), gone);
        }
        assertEquals("127.0.0.1", out.get("X-Forwarded-For"));
        assertEquals("http", out.get("X-Forwarded-Proto"));
        assertEquals("gw:8080", out.get("X-Forwarded-Host"));
        assertEquals("rid-1", out.get("X-Request-Id"));
        assertEquals("Bearer t", out.get("Authorization"));
        assertEquals("application/json", out.get("Accept"));
        // Never the client's: each attempt's comes from its own client span (EdgeTracing, EdgeTracingResourceTest).
        assertNull(out.get("traceparent"));
    }

    @Test
    void aTrustedProxysChainIsExtendedAndEvenAValidTraceparentIsNotCopied() {
        String tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        MultiMap in = MultiMap.caseInsensitiveMultiMap().add("X-Forwarded-For", "198.51.100.4").add("traceparent", tp)
                .add("X-Forwarded-Proto", "https");
        MultiMap out = policy.upstreamRequestHeaders(in,
                new HeaderPolicy.Forwarding("198.51.100.4", "10.1.1.1", true, "http", "gw", "rid"));
        assertEquals("198.51.100.4, 10.1.1.1", out.get("X-Forwarded-For"));
        assertEquals("https", out.get("X-Forwarded-Proto"));
        assertNull(out.get("traceparent"), "the gateway's span continues it instead (EdgeTracing)");
    }

    @Test
    void theUpstreamsEchoOfTheCorrelationIdIsNotRepeatedToTheClient() {
        MultiMap upstream = MultiMap.caseInsensitiveMultiMap().add("X-Request-Id", "rid").add("ETag", "\"3\"")
                .add("Connection", "keep-alive");
        MultiMap out = policy.clientResponseHeaders(upstream);
        assertNull(out.get("X-Request-Id"));
        assertNull(out.get("Connection"));
        assertEquals("\"3\"", out.get("ETag"));
    }
}
