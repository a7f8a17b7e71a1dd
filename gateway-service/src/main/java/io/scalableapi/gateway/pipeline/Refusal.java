package io.scalableapi.gateway.pipeline;

import io.scalableapi.contracts.errors.ProblemType;

/**
 * A step's answer instead of passing the request on: the problem the client gets, plus the headers that explain it
 * (WWW-Authenticate, Retry-After). The pipeline answers it; steps never write error responses themselves. No stack trace:
 * a refusal is an answer, not a bug, and under attack or overload there are many.
 */
public final class Refusal extends RuntimeException {

    private final ProblemType type;
    private final String header;
    private final String headerValue;
    private final boolean closeConnection;

    private Refusal(ProblemType type, String detail, String header, String headerValue, boolean closeConnection) {
        super(detail, null, false, false);
        this.type = type;
        this.header = header;
        this.headerValue = headerValue;
        this.closeConnection = closeConnection;
    }

    public static Refusal of(ProblemType type, String detail) {
        return new Refusal(type, detail, null, null, false);
    }

    /** With one explaining header (at most one is ever needed). */
    public static Refusal of(ProblemType type, String detail, String header, String value) {
        return new Refusal(type, detail, header, value, false);
    }

    /** The bytes after this request cannot be trusted to be the next request: answer, then close the connection. */
    public static Refusal closing(ProblemType type, String detail) {
        return new Refusal(type, detail, null, null, true);
    }

    public ProblemType type() {
        return type;
    }

    public String detail() {
        return getMessage();
    }

    public String header() {
        return header;
    }

    public String headerValue() {
        return headerValue;
    }

    public boolean closeConnection() {
        return closeConnection;
    }
}
