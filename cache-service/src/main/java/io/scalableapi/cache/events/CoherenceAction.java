package io.scalableapi.cache.events;

/**
 * One change an event makes to a cache. Entry actions carry the event's version so an entry is never replaced or
 * dropped by something older than itself.
 */
public sealed interface CoherenceAction {

    String cache();

    /** Replace the cached entry by {@code json} when the cached copy is older; nothing when nothing is cached. */
    record Refresh(String cache, String key, long version, String json) implements CoherenceAction {
    }

    /** Drop the cached entry when it is older than {@code version}. */
    record EvictIfOlder(String cache, String key, long version) implements CoherenceAction {
    }

    /**
     * Replace the cached entry, whatever it holds, by a tombstone at {@code version} (a deletion or an erasure): a read
     * that loaded the old state before the deletion then cannot write it back. Nothing when a tombstone at that version
     * or newer is there already (the owning service wrote it first).
     */
    record Tombstone(String cache, String key, long version) implements CoherenceAction {
    }

    /** Drop the cached entry whatever its version. */
    record Evict(String cache, String key) implements CoherenceAction {
    }

    /** Drop every entry: views that may contain the changed aggregate and cannot be found by key (list pages). */
    record Clear(String cache) implements CoherenceAction {
    }
}
