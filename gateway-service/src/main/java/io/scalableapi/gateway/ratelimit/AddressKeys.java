package io.scalableapi.gateway.ratelimit;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The rate-limit key of a client address. An IPv4 client is its address. An IPv6 client is its prefix
 * ({@code gateway.rate-limit.ipv6-prefix-length}, /64 by default): a subscriber is given at least a /64 and may use any
 * of its 2^64 addresses, so keying the whole address would give one client a budget per address, and a client rotating
 * addresses could fill the limiter's shared cache with entries until it evicted other clients' counters.
 */
public final class AddressKeys {

    private final int prefixBits;

    public AddressKeys(int ipv6PrefixLength) {
        if (ipv6PrefixLength < 1 || ipv6PrefixLength > 128) {
            throw new IllegalArgumentException("gateway.rate-limit.ipv6-prefix-length must be 1 to 128, was "
                    + ipv6PrefixLength);
        }
        this.prefixBits = ipv6PrefixLength;
    }

    /** {@code ip:<address>} for IPv4, {@code ip:<network>/<prefix>} for IPv6; text that is no IP literal stays as it is. */
    public String of(String address) {
        if (address.indexOf(':') < 0) {
            // IPv4 (the socket's or X-Forwarded-For's, already checked to be a literal): the common case, no parsing.
            return "ip:" + address;
        }
        String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1)
                : address;
        InetAddress parsed;
        try {
            // Only literals come here (hex digits and colons, checked below): getByName parses, it never resolves them.
            if (!isIpv6Literal(literal)) {
                return "ip:" + address;
            }
            parsed = InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            return "ip:" + address;
        }
        if (parsed instanceof Inet4Address) {
            // An IPv4-mapped address (::ffff:a.b.c.d) is the IPv4 client.
            return "ip:" + parsed.getHostAddress();
        }
        byte[] bytes = parsed.getAddress();
        int full = prefixBits / 8;
        int rest = prefixBits % 8;
        if (rest != 0) {
            bytes[full] &= (byte) (0xFF << (8 - rest));
            full++;
        }
        for (int i = full; i < bytes.length; i++) {
            bytes[i] = 0;
        }
        try {
            return "ip:" + Inet6Address.getByAddress(null, bytes, null).getHostAddress() + "/" + prefixBits;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are always an IPv6 address", e);
        }
    }

    private static boolean isIpv6Literal(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.')) {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
