package io.scalableapi.contracts.events;

/**
 * Kafka record headers of a binary-mode CloudEvent (CloudEvents Kafka protocol binding 1.0). The record value is
 * the event's {@code data} as JSON; the record key is the aggregate id, so one aggregate's events stay in order.
 */
public final class CloudEventHeaders {
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String CONTENT_TYPE = "content-type";
    /** Extension attribute carrying the request's correlation id (CloudEvents names are lower-case alphanumerics). */
    public static final String CORRELATION_ID = "ce_correlationid";
    /** Dead-letter records carry why they could not be applied. */
    public static final String DEAD_LETTER_REASON = "dead-letter-reason";

    public static final String SPEC_VERSION_VALUE = "1.0";
    public static final String JSON = "application/json";

    private CloudEventHeaders() {
    }
}
