package io.scalableapi.gateway.proxy;

import io.scalableapi.gateway.config.GatewayConfig;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Who the client is, for rate limiting and {@code X-Forwarded-For}. {@code X-Forwarded-For} is read only when the socket
 * peer is a trusted proxy, and then from the right: the first address that is not itself a trusted proxy is the client.
 * Anything left of it was written by the client and is not believed, so spoofing the header cannot change the key.
 */
@Singleton
public class ClientAddressResolver {

    private final List<IpRange> trusted;

    @Inject
    ClientAddressResolver(GatewayConfig config) {
        this(config.forwarding().trustedProxies().orElse(List.of()));
    }

    public ClientAddressResolver(List<String> trustedProxies) {
        this.trusted = trustedProxies.stream().filter(s -> !s.isBlank()).map(IpRange::parse).toList();
    }

    public boolean isTrusted(String peer) {
        for (IpRange range : trusted) {
            if (range.contains(peer)) {
                return true;
            }
        }
        return false;
    }

    /** The client address given the socket peer and the request's X-Forwarded-For values (possibly several headers). */
    public String clientAddress(String peer, List<String> forwardedFor) {
        if (!isTrusted(peer) || forwardedFor == null || forwardedFor.isEmpty()) {
            return peer;
        }
        String[] hops = String.join(",", forwardedFor).split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (IpRange.literal(hop) == null) {
                // Garbage in the chain: stop believing it and key on the last address we could trust.
                return peer;
            }
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return peer;
    }
}
