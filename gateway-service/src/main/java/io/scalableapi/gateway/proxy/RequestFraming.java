package io.scalableapi.gateway.proxy;

import io.scalableapi.contracts.errors.ProblemType;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Locale;

/**
 * Refuses requests whose body framing a hop behind the gateway could read differently (RFC 9112 §6.1, §6.3): a
 * Transfer-Encoding other than exactly one {@code chunked}, or one next to a Content-Length, or a Content-Length that is
 * not one plain number. The HTTP decoder frames {@code Transfer-Encoding: xchunked} by its Content-Length and would take
 * what follows as the next request: that is request smuggling, so such a request is answered and its connection closed.
 * Also the gateway's own header size limit, answered as problem+json (the server's ceiling is set higher so that its
 * bare 431 is not what clients meet).
 */
public final class RequestFraming {

    /** Why a request is refused: the problem to answer. */
    public record Refusal(ProblemType type, String detail) {
    }

    private RequestFraming() {
    }

    /** The refusal for these request headers, or null when the request is framed unambiguously and within limits. */
    public static Refusal check(MultiMap headers, long maxHeaderBytes) {
        List<String> transferEncodings = headers.getAll("Transfer-Encoding");
        List<String> lengths = headers.getAll("Content-Length");
        if (!transferEncodings.isEmpty()) {
            if (transferEncodings.size() != 1
                    || !"chunked".equals(transferEncodings.get(0).trim().toLowerCase(Locale.ROOT))) {
                return new Refusal(ProblemType.MALFORMED_REQUEST,
                        "Transfer-Encoding must be exactly \"chunked\" (other codings are not supported)");
            }
            if (!lengths.isEmpty()) {
                return new Refusal(ProblemType.MALFORMED_REQUEST,
                        "A request must not carry both Transfer-Encoding and Content-Length");
            }
        }
        if (lengths.size() > 1 || lengths.size() == 1 && !isPlainNumber(lengths.get(0))) {
            return new Refusal(ProblemType.MALFORMED_REQUEST, "Content-Length must be a single non-negative number");
        }
        long size = 0;
        for (var header : headers) {
            size += header.getKey().length() + header.getValue().length() + 4;
        }
        if (size > maxHeaderBytes) {
            return new Refusal(ProblemType.REQUEST_HEADER_FIELDS_TOO_LARGE,
                    "The request headers exceed " + maxHeaderBytes + " bytes");
        }
        return null;
    }

    private static boolean isPlainNumber(String value) {
        String v = value.trim();
        if (v.isEmpty() || v.length() > 18) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
