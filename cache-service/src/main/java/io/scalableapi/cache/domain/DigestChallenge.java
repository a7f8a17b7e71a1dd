package io.scalableapi.cache.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP Digest authentication (RFC 7616, MD5 with {@code qop=auth}), which Infinispan's REST endpoint requires: the
 * JDK's HTTP client only speaks Basic. One instance answers one server challenge.
 */
public final class DigestChallenge {
    private static final Pattern PARAM = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]*))");

    private final Map<String, String> params;

    private DigestChallenge(Map<String, String> params) {
        this.params = params;
    }

    /** Parses a {@code WWW-Authenticate: Digest ...} header. */
    public static DigestChallenge parse(String header) {
        if (header == null || !header.regionMatches(true, 0, "Digest ", 0, 7)) {
            throw new IllegalArgumentException("Not a digest challenge: " + header);
        }
        Map<String, String> params = new HashMap<>();
        Matcher m = PARAM.matcher(header.substring(7));
        while (m.find()) {
            params.put(m.group(1).toLowerCase(), m.group(2) != null ? m.group(2) : m.group(3));
        }
        String algorithm = params.getOrDefault("algorithm", "MD5");
        if (!"MD5".equalsIgnoreCase(algorithm)) {
            throw new IllegalArgumentException("Unsupported digest algorithm " + algorithm);
        }
        return new DigestChallenge(params);
    }

    /** The {@code Authorization} header value for one request. */
    public String authorization(String username, String password, String method, String uri, int nonceCount,
            String clientNonce) {
        String realm = params.getOrDefault("realm", "");
        String nonce = params.getOrDefault("nonce", "");
        String nc = String.format("%08x", nonceCount);
        String ha1 = md5(username + ":" + realm + ":" + password);
        String ha2 = md5(method + ":" + uri);
        boolean qopAuth = params.getOrDefault("qop", "").contains("auth");
        String response = qopAuth ? md5(ha1 + ":" + nonce + ":" + nc + ":" + clientNonce + ":auth:" + ha2)
                : md5(ha1 + ":" + nonce + ":" + ha2);
        StringBuilder header = new StringBuilder("Digest username=\"").append(username)
                .append("\", realm=\"").append(realm)
                .append("\", nonce=\"").append(nonce)
                .append("\", uri=\"").append(uri)
                .append("\", algorithm=MD5, response=\"").append(response).append('"');
        if (params.containsKey("opaque")) {
            header.append(", opaque=\"").append(params.get("opaque")).append('"');
        }
        if (qopAuth) {
            header.append(", qop=auth, nc=").append(nc).append(", cnonce=\"").append(clientNonce).append('"');
        }
        return header.toString();
    }

    static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
