package io.scalableapi.gateway.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/** An address or CIDR block ({@code 10.0.0.0/8}, {@code ::1}). Only literals are accepted: no name lookups. */
public final class IpRange {

    // Compiled once: every request's peer is checked against the trusted proxies, and String.matches compiles its
    // pattern on each call.
    private static final Pattern V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private final byte[] network;
    private final int prefixBits;

    private IpRange(byte[] network, int prefixBits) {
        this.network = network;
        this.prefixBits = prefixBits;
    }

    public static IpRange parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        byte[] address = literal(slash < 0 ? s : s.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("Not an IP address or CIDR block: " + text);
        }
        int bits = slash < 0 ? address.length * 8 : Integer.parseInt(s.substring(slash + 1));
        if (bits < 0 || bits > address.length * 8) {
            throw new IllegalArgumentException("Bad prefix length in " + text);
        }
        return new IpRange(address, bits);
    }

    public boolean contains(String ip) {
        byte[] candidate = literal(ip);
        if (candidate == null || candidate.length != network.length) {
            return false;
        }
        int full = prefixBits / 8;
        if (!Arrays.equals(candidate, 0, full, network, 0, full)) {
            return false;
        }
        int rest = prefixBits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (candidate[full] & mask) == (network[full] & mask);
    }

    /** The bytes of an IP literal, or null when the text is not one (host names are never resolved). */
    static byte[] literal(String ip) {
        if (ip == null) {
            return null;
        }
        String s = ip.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        boolean v4 = V4.matcher(s).matches();
        boolean v6 = !v4 && s.indexOf(':') >= 0 && V6.matcher(s).matches();
        if (!v4 && !v6) {
            return null;
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
