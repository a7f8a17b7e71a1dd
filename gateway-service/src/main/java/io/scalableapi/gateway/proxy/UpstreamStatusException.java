package io.scalableapi.gateway.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * An upstream answered 502, 503 or 504. Raised so that the circuit breaker counts it and a retry may follow (503 only); when
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

    static boolean countsAsFailure(int status) {
        return status == 502 || status == 503 || status == 504;
    }
}
