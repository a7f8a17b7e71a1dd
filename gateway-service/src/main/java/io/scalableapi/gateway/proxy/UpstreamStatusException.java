package io.scalableapi.gateway.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * An upstream answered 502, 504, or 503 without Retry-After (see {@link #countsAsFailure}). Raised so that the circuit breaker counts it and a retry may follow (503 only); when
 * no retry is left the client gets the upstream's own answer, which is why status, headers and the (small) body are kept.
 */
public class UpstreamStatusException extends RuntimeException {

    private final int status;
    private final transient MultiMap headers;
    private final transient Buffer body;

    public UpstreamStatusException(int status, MultiMap headers, Buffer body) {
        super("upstream answered " + status, null, false, false);
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public MultiMap headers() {
        return headers;
    }

    public Buffer body() {
        return body;
    }

    /**
     * Whether an answer means the upstream failed (for the circuit breaker and the retry): 502 and 504, and 503 unless it
     * says when to come back. A 503 with Retry-After is the upstream's own prompt answer about something it depends on
     * (its database, Keycloak): it is passed on as it is, and neither repeated nor held against the route, whose other
     * requests (cached reads) the upstream still serves.
     */
    static boolean countsAsFailure(int status, MultiMap headers) {
        return status == 502 || status == 504 || status == 503 && headers.get("Retry-After") == null;
    }
}
