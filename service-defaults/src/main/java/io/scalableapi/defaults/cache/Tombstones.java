package io.scalableapi.defaults.cache;

/**
 * The entry a delete or an erasure leaves in a cache instead of removing the key: {@code {"tombstone":true,
 * "version":N}} with N the deletion's version (the last version plus one). Every write is version-guarded
 * ({@link VersionedEntries}), so a reader that loaded the old row before the delete committed finds a newer version
 * in the cache and does not write; an empty slot would have let it. A tombstone is never data:
 * {@link PlatformCaches#get} reads it as a miss, so the database answers (404).
 *
 * <p>Only this class writes tombstones, always in exactly this form, so recognising one is a prefix check and costs a
 * cache hit nothing.
 */
public final class Tombstones {
    private static final String PREFIX = "{\"tombstone\":true,\"version\":";

    private Tombstones() {
    }

    static String of(long version) {
        return PREFIX + version + "}";
    }

    public static boolean is(String cachedValue) {
        return cachedValue != null && cachedValue.startsWith(PREFIX);
    }
}
