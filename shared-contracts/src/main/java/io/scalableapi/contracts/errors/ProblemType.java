package io.scalableapi.contracts.errors;

import java.net.URI;

/**
 * The stable problem types of the platform. Clients switch on {@link #uri()}; titles are for people. Adding a type is
 * compatible, changing a URI is a breaking change.
 */
public enum ProblemType {
    VALIDATION("validation", "Request validation failed", 400),
    MALFORMED_REQUEST("malformed-request", "Malformed request", 400),
    UNAUTHORIZED("unauthorized", "Authentication required", 401),
    FORBIDDEN("forbidden", "Not allowed", 403),
    NOT_FOUND("not-found", "Resource not found", 404),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
    NOT_ACCEPTABLE("not-acceptable", "Not acceptable", 406),
    CONFLICT("conflict", "Conflict", 409),
    PRECONDITION_FAILED("precondition-failed", "Precondition failed", 412),
    PAYLOAD_TOO_LARGE("payload-too-large", "Payload too large", 413),
    URI_TOO_LONG("uri-too-long", "URI too long", 414),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", 415),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", "Idempotency key reused with a different request", 422),
    PRECONDITION_REQUIRED("precondition-required", "Precondition required", 428),
    RATE_LIMITED("rate-limited", "Too many requests", 429),
    REQUEST_HEADER_FIELDS_TOO_LARGE("header-too-large", "Request header fields too large", 431),
    INTERNAL("internal", "Internal error", 500),
    BAD_GATEWAY("bad-gateway", "Bad gateway", 502),
    SERVICE_UNAVAILABLE("service-unavailable", "Service unavailable", 503),
    GATEWAY_TIMEOUT("gateway-timeout", "Gateway timeout", 504);

    public static final String BASE = "https://scalableapi.io/problems/";

    private final URI uri;
    private final String title;
    private final int status;

    ProblemType(String slug, String title, int status) {
        this.uri = URI.create(BASE + slug);
        this.title = title;
        this.status = status;
    }

    public URI uri() {
        return uri;
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }

    /** The type a bare HTTP status maps to when no more specific type applies. */
    public static ProblemType forStatus(int status) {
        for (ProblemType t : values()) {
            if (t.status == status && t != VALIDATION && t != IDEMPOTENCY_KEY_REUSED) {
                return t;
            }
        }
        return status >= 500 ? INTERNAL : MALFORMED_REQUEST;
    }
}
