package io.scalableapi.contracts.events;

/** Kafka topic names. Producers and consumers take them from here; the Strimzi KafkaTopic resources use the same names. */
public final class Topics {
    /** Product and category events from catalog-service, keyed by aggregate id. */
    public static final String CATALOG_EVENTS = "catalog.events.v1";
    /** User profile events from user-service, keyed by user id. */
    public static final String USER_EVENTS = "user.events.v1";
    /** Events cache-service could not apply, with the reason in a header. */
    public static final String CACHE_DEAD_LETTER = "cache-service.dead-letter.v1";

    private Topics() {
    }
}
