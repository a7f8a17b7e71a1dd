package io.scalableapi.defaults.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.infinispan.client.hotrod.Flag;
import org.infinispan.client.hotrod.MetadataValue;
import org.infinispan.client.hotrod.RemoteCache;

/**
 * Cache writes that never move an entry back in time. The entry's {@code version} field (the domain version in the
 * cached JSON) decides; the write itself is a compare-and-swap on Infinispan's entry version, so a service writing
 * the same key concurrently is never overwritten blindly. Deletes and erasures do not remove the key but leave a
 * {@link Tombstones tombstone} at the deletion's version, which these same guards respect: nothing loaded before the
 * delete can be written after it. Failures propagate: cache-service retries the event; a service
 * that only fills its read cache runs these inside {@link PlatformCaches#guarded}, which turns an outage into a skip.
 * Every call waits at most {@link CacheConfig#callTimeout()} ({@link CacheCalls}).
 */
@ApplicationScoped
public class VersionedEntries {
    /** Compare-and-swap rounds lost to concurrent writers before falling back to eviction, which is always safe. */
    static final int CAS_ATTEMPTS = 5;

    private final PlatformCaches caches;
    private final ObjectMapper json;
    private final CacheCalls calls;

    VersionedEntries(PlatformCaches caches, ObjectMapper json, CacheCalls calls) {
        this.caches = caches;
        this.json = json;
        this.calls = calls;
    }

    /** Replaces the cached entry with {@code value} if it holds an older version; never creates one. */
    public EntryOutcome refresh(String cache, String key, long version, String value) {
        return moveForward(cache, key, version, null, replaceWith(key, value), EntryOutcome.REFRESHED);
    }

    /** Stores {@code value} unless the cache already holds this version or a newer one (warm-ups, read caches). */
    public EntryOutcome warm(String cache, String key, long version, String value) {
        return moveForward(cache, key, version, value, replaceWith(key, value), EntryOutcome.REFRESHED);
    }

    /**
     * Replaces whatever is cached under {@code key} by a tombstone at {@code version} (the deletion's version), unless
     * a tombstone at that version or a newer one is there already. Data is replaced whatever its version: a deletion is
     * final and an erasure must not leave the person's data behind. The tombstone lives as long as the cache's entries
     * ({@link PlatformCaches#entryLifespanMillis}) and never idles out: whatever a racing read could still write would
     * have expired by the time the tombstone does.
     */
    public EntryOutcome tombstone(String cache, String key, long version) {
        RemoteCache<String, String> remote = caches.open(cache);
        String tombstone = Tombstones.of(version);
        long lifespan = caches.entryLifespanMillis(cache);
        // A negative max-idle is "never idle out" in Hot Rod (0 would mean the cache's default, which may be shorter).
        long maxIdle = -1;
        for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
            MetadataValue<String> current = await(remote.getWithMetadataAsync(key), "read", key);
            if (current == null) {
                if (await(remote.withFlags(Flag.FORCE_RETURN_VALUE).putIfAbsentAsync(key, tombstone, lifespan,
                        TimeUnit.MILLISECONDS, maxIdle, TimeUnit.MILLISECONDS), "put-if-absent", key) == null) {
                    return EntryOutcome.TOMBSTONED;
                }
                continue;
            }
            if (Tombstones.is(current.getValue())) {
                long cached = versionOf(current.getValue());
                if (cached >= version) {
                    return cached == version ? EntryOutcome.CURRENT : EntryOutcome.KEPT_NEWER;
                }
            }
            if (await(remote.replaceWithVersionAsync(key, tombstone, current.getVersion(), lifespan,
                    TimeUnit.MILLISECONDS, maxIdle, TimeUnit.MILLISECONDS), "replace", key)) {
                return EntryOutcome.TOMBSTONED;
            }
        }
        // Lost every round: write it unconditionally. Removing instead would reopen the gap the tombstone closes.
        await(remote.putAsync(key, tombstone, lifespan, TimeUnit.MILLISECONDS, maxIdle, TimeUnit.MILLISECONDS), "put",
                key);
        return EntryOutcome.TOMBSTONED;
    }

    public EntryOutcome evictIfOlder(String cache, String key, long version) {
        return moveForward(cache, key, version, null, (remote, current) ->
                remote.removeWithVersionAsync(key, current.getVersion()), EntryOutcome.EVICTED);
    }

    private static BiFunction<RemoteCache<String, String>, MetadataValue<String>, CompletableFuture<Boolean>> replaceWith(
            String key, String value) {
        return (remote, current) -> remote.replaceWithVersionAsync(key, value, current.getVersion());
    }

    /**
     * The one compare-and-swap loop: reads the entry, leaves it alone when it is at {@code version} or newer, otherwise
     * applies {@code change} conditionally on the entry read. An absent entry is filled with {@code valueIfAbsent} when
     * given (a lost race for the empty slot reads again), else left absent. After {@link #CAS_ATTEMPTS} lost races the
     * entry is evicted, which is always safe.
     */
    private EntryOutcome moveForward(String cache, String key, long version, String valueIfAbsent,
            BiFunction<RemoteCache<String, String>, MetadataValue<String>, CompletableFuture<Boolean>> change,
            EntryOutcome changed) {
        RemoteCache<String, String> remote = caches.open(cache);
        MetadataValue<String> current = null;
        for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
            current = await(remote.getWithMetadataAsync(key), "read", key);
            if (current == null) {
                // Hot Rod returns the previous value only when asked to.
                if (valueIfAbsent == null || await(remote.withFlags(Flag.FORCE_RETURN_VALUE)
                        .putIfAbsentAsync(key, valueIfAbsent), "put-if-absent", key) == null) {
                    return EntryOutcome.ABSENT;
                }
                continue;
            }
            long cached = versionOf(current.getValue());
            if (cached >= version) {
                return cached == version ? EntryOutcome.CURRENT : EntryOutcome.KEPT_NEWER;
            }
            if (await(change.apply(remote, current), "conditional write", key)) {
                return changed;
            }
        }
        if (current != null && Tombstones.is(current.getValue())) {
            // Evicting would drop the tombstone and let a stale read fill the gap; whatever raced us was newer still.
            return EntryOutcome.KEPT_NEWER;
        }
        await(remote.removeAsync(key), "remove", key);
        return EntryOutcome.EVICTED;
    }

    public EntryOutcome evict(String cache, String key) {
        await(caches.open(cache).removeAsync(key), "remove", key);
        return EntryOutcome.EVICTED;
    }

    public EntryOutcome clear(String cache) {
        await(caches.open(cache).clearAsync(), "clear", cache);
        return EntryOutcome.CLEARED;
    }

    private <T> T await(CompletableFuture<T> call, String operation, String key) {
        return calls.await(call, operation + " of " + key);
    }

    /** The domain version in a cached JSON value; -1 (older than any event) when it has none. */
    long versionOf(String value) {
        try {
            JsonNode version = json.readTree(value).get("version");
            return version != null && version.canConvertToLong() ? version.asLong() : -1;
        } catch (Exception e) {
            return -1;
        }
    }
}
