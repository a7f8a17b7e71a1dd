package io.scalableapi.gateway.proxy;

import io.scalableapi.gateway.config.GatewayConfig;
import io.vertx.core.MultiMap;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which headers cross the gateway. Hop-by-hop headers (RFC 9110 §7.6.1, plus those a Connection header names) belong to
 * one connection and are dropped both ways. Internal headers a client sends are dropped: services may trust them because
 * only the gateway sets them. Forwarding headers are rewritten from what the gateway saw, not copied from the client.
 */
@Singleton
public class HeaderPolicy {

    private static final String CORRELATION_HEADER = CorrelationId.HEADER.toLowerCase(Locale.ROOT);
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length");
    /** Set by the gateway alone; a client's values are replaced (traceparent and tracestate by EdgeTracing). */
    private static final Set<String> FORWARDING = Set.of("forwarded", "x-forwarded-for", "x-forwarded-proto",
            "x-forwarded-host", "x-forwarded-port", "x-forwarded-prefix", "x-real-ip", "x-request-id", "traceparent",
            "tracestate");

    private final List<String> strippedPrefixes;

    @Inject
    HeaderPolicy(GatewayConfig config) {
        this(config.forwarding().strippedHeaderPrefixes());
    }

    public HeaderPolicy(List<String> strippedPrefixes) {
        this.strippedPrefixes = strippedPrefixes.stream().map(p -> p.trim().toLowerCase(Locale.ROOT)).toList();
    }

    /** What the gateway knows about the incoming request, for the forwarding headers. */
    public record Forwarding(String clientAddress, String peer, boolean peerTrusted, String proto, String host,
            String correlationId) {
    }

    /** Headers to send upstream. Content-Length is dropped here and set again by the forwarder when the body is known. */
    public MultiMap upstreamRequestHeaders(MultiMap incoming, Forwarding fwd) {
        Set<String> connectionNamed = incoming.contains("Connection") ? connectionTokens(incoming) : Set.of();
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        incoming.forEach(h -> {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !connectionNamed.contains(name) && !FORWARDING.contains(name)
                    && !isInternal(name)) {
                out.add(h.getKey(), h.getValue());
            }
        });
        // A trusted proxy's chain is extended; anyone else's is replaced by what the socket says.
        List<String> priorChain = fwd.peerTrusted() ? incoming.getAll("X-Forwarded-For") : List.of();
        String chain = priorChain.isEmpty() ? fwd.peer() : String.join(", ", priorChain) + ", " + fwd.peer();
        out.set("X-Forwarded-For", chain);
        String proto = fwd.peerTrusted() && incoming.get("X-Forwarded-Proto") != null ? incoming.get("X-Forwarded-Proto")
                : fwd.proto();
        out.set("X-Forwarded-Proto", proto);
        String host = fwd.peerTrusted() && incoming.get("X-Forwarded-Host") != null ? incoming.get("X-Forwarded-Host")
                : fwd.host();
        if (host != null) {
            out.set("X-Forwarded-Host", host);
        }
        out.set("X-Real-IP", fwd.clientAddress());
        out.set(CorrelationId.HEADER, fwd.correlationId());
        // traceparent / tracestate: never the client's. Each attempt's come from its client span (EdgeTracing), which
        // continues the client's trace when it sent a valid one.
        return out;
    }

    /**
     * Headers to send back to the client from an upstream response. The correlation id is the gateway's own header (the
     * upstream echoes the same value), so it is not repeated.
     */
    public MultiMap clientResponseHeaders(MultiMap upstream) {
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        copyToClient(upstream, out);
        return out;
    }

    /** {@link #clientResponseHeaders}, added straight to the client response's headers (no copy in between). */
    public void copyToClient(MultiMap upstream, MultiMap to) {
        Set<String> connectionNamed = upstream.contains("Connection") ? connectionTokens(upstream) : Set.of();
        upstream.forEach(h -> {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !connectionNamed.contains(name) && !name.equals(CORRELATION_HEADER)) {
                to.add(h.getKey(), h.getValue());
            }
        });
    }

    boolean isInternal(String lowerName) {
        for (String prefix : strippedPrefixes) {
            if (!prefix.isEmpty() && lowerName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> connectionTokens(MultiMap headers) {
        Set<String> names = new HashSet<>();
        for (String value : headers.getAll("Connection")) {
            for (String token : value.split(",")) {
                names.add(token.trim().toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

}
