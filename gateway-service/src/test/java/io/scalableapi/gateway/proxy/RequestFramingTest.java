package io.scalableapi.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.scalableapi.contracts.errors.ProblemType;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class RequestFramingTest {

    private static final long LIMIT = 16 * 1024;

    private static MultiMap headers(String... nameValues) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < nameValues.length; i += 2) {
            headers.add(nameValues[i], nameValues[i + 1]);
        }
        return headers;
    }

    private static ProblemType refusal(MultiMap headers) {
        RequestFraming.Refusal refusal = RequestFraming.check(headers, LIMIT);
        return refusal == null ? null : refusal.type();
    }

    @Test
    void unambiguousFramingPasses() {
        assertNull(refusal(headers("Host", "gw", "Content-Length", "12")));
        assertNull(refusal(headers("Host", "gw", "Transfer-Encoding", "chunked")));
        assertNull(refusal(headers("Host", "gw", "Transfer-Encoding", "Chunked")));
        assertNull(refusal(headers("Host", "gw")));
    }

    @Test
    void anyTransferEncodingAHopCouldReadDifferentlyIsRefused() {
        assertEquals(ProblemType.MALFORMED_REQUEST, refusal(headers("Transfer-Encoding", "xchunked", "Content-Length", "4")));
        assertEquals(ProblemType.MALFORMED_REQUEST, refusal(headers("Transfer-Encoding", "chunked", "Content-Length", "4")));
        assertEquals(ProblemType.MALFORMED_REQUEST, refusal(headers("Transfer-Encoding", "gzip, chunked")));
        assertEquals(ProblemType.MALFORMED_REQUEST,
                refusal(headers("Transfer-Encoding", "chunked", "Transfer-Encoding", "identity")));
    }

    @Test
    void aContentLengthMustBeOnePlainNumber() {
        assertEquals(ProblemType.MALFORMED_REQUEST, refusal(headers("Content-Length", "4", "Content-Length", "5")));
        assertEquals(ProblemType.MALFORMED_REQUEST, refusal(headers("Content-Length", "+4")));
        assertEquals(ProblemType.MALFORMED_REQUEST, refusal(headers("Content-Length", "4, 4")));
        assertEquals(ProblemType.MALFORMED_REQUEST, refusal(headers("Content-Length", "99999999999999999999")));
    }

    @Test
    void headersBeyondTheLimitGet431() {
        assertEquals(ProblemType.REQUEST_HEADER_FIELDS_TOO_LARGE, refusal(headers("X-Big", "a".repeat((int) LIMIT))));
        assertNull(refusal(headers("X-Big", "a".repeat((int) LIMIT - 100))));
    }
}
