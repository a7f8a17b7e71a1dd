package io.scalableapi.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressResolverTest {

    private final ClientAddressResolver resolver = new ClientAddressResolver(List.of("10.0.0.0/8", "192.168.1.7"));

    @Test
    void anUntrustedPeerIsTheClientWhateverItClaims() {
        assertEquals("203.0.113.9", resolver.clientAddress("203.0.113.9", List.of("1.2.3.4")));
    }

    @Test
    void aTrustedProxysChainIsReadFromTheRight() {
        // The client wrote 6.6.6.6 itself; the ingress (10.1.1.1) appended the real client 198.51.100.4.
        assertEquals("198.51.100.4", resolver.clientAddress("10.1.1.1", List.of("6.6.6.6, 198.51.100.4")));
        assertEquals("198.51.100.4", resolver.clientAddress("10.1.1.1", List.of("6.6.6.6", "198.51.100.4, 10.2.2.2")));
    }

    @Test
    void garbageOrAnAllTrustedChainFallsBackToThePeer() {
        assertEquals("10.1.1.1", resolver.clientAddress("10.1.1.1", List.of("evil.example, 10.2.2.2")));
        assertEquals("10.1.1.1", resolver.clientAddress("10.1.1.1", List.of("10.3.3.3")));
        assertEquals("10.1.1.1", resolver.clientAddress("10.1.1.1", List.of()));
    }

    @Test
    void rangesMatchOnThePrefixOnly() {
        assertTrue(IpRange.parse("10.0.0.0/8").contains("10.255.0.1"));
        assertFalse(IpRange.parse("10.0.0.0/8").contains("11.0.0.1"));
        assertTrue(IpRange.parse("192.168.1.7").contains("192.168.1.7"));
        assertFalse(IpRange.parse("192.168.1.7").contains("192.168.1.8"));
        assertTrue(IpRange.parse("fd00::/8").contains("fd12::1"));
        assertFalse(IpRange.parse("10.0.0.0/8").contains("::ffff:b00:1"));
    }
}
