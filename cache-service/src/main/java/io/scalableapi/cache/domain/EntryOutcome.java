package io.scalableapi.cache.domain;

/** What a version-guarded action did to one cache entry. */
public enum EntryOutcome {
    REFRESHED,
    EVICTED,
    CLEARED,
    /** Nothing was cached under the key: the next read loads the current state. */
    ABSENT,
    /** The cached copy is as new as the event or newer and was left alone. */
    KEPT_NEWER
}
