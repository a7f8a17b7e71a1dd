package io.scalableapi.cache.domain;

/** What became of one consumed event; also the {@code outcome} tag of the {@code cache.events} counter. */
public enum EventOutcome {
    /** Its cache actions ran. */
    APPLIED,
    /** Its version is not newer than what was applied or cached already: nothing was changed. */
    STALE,
    /** Its id was applied before: nothing was changed. */
    DUPLICATE,
    /** A type cache-service does not follow. */
    IGNORED,
    /** Poison: sent to the dead-letter topic. */
    DEAD_LETTERED
}
