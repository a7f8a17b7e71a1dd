package io.scalableapi.defaults.cache;

/** What a version-guarded action did to one cache entry. */
public enum EntryOutcome {
    REFRESHED,
    EVICTED,
    CLEARED,
    /** The entry now is a tombstone at the deletion's version ({@link Tombstones}). */
    TOMBSTONED,
    /** Nothing was cached under the key: the next read loads the current state. */
    ABSENT,
    /** The cached copy already is at the event's version (its owner wrote it first) and was left alone. */
    CURRENT,
    /** The cached copy is newer than the event and was left alone: the event is stale. */
    KEPT_NEWER
}
