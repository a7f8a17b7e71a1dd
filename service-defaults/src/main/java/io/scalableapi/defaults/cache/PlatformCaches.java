package io.scalableapi.defaults.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scalableapi.contracts.caches.CacheDefinitions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.infinispan.client.hotrod.DataFormat;
import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;
import org.infinispan.commons.dataconversion.MediaType;
import org.infinispan.commons.marshall.UTF8StringMarshaller;
import org.jboss.logging.Logger;

/**
 * The services' access to the platform caches: string keys, JSON values (readable by every client and by the REST
 * console). The services only get caches: their Infinispan role (application) has no CREATE permission, as in the
 * cluster, where the operator's Cache resources (locally scripts/infra.sh, from the same shared definitions) and
 * cache-service own the definitions. A cache that is not defined yet is an outage like any other: reads miss.
 *
 * <p>The cache is an optimisation, never the source of truth: when Infinispan fails, reads miss and writes are
 * skipped, and for {@link #OUTAGE_PAUSE} afterwards no call waits on the server again.
 *
 * <p>{@link #get} never returns a {@link Tombstones tombstone}: what a delete or an erasure left is a miss.
 */
@ApplicationScoped
public class PlatformCaches {
    private static final Logger LOG = Logger.getLogger(PlatformCaches.class);
    static final Duration OUTAGE_PAUSE = Duration.ofSeconds(5);

    private static final DataFormat STRING_TO_JSON = DataFormat.builder()
            .keyType(MediaType.TEXT_PLAIN).keyMarshaller(new UTF8StringMarshaller())
            .valueType(MediaType.APPLICATION_JSON).valueMarshaller(new UTF8StringMarshaller())
            .build();

    private final RemoteCacheManager manager;
    private final Map<String, String> definitions;
    private final Map<String, Long> lifespans;
    private final Map<String, RemoteCache<String, String>> opened = new ConcurrentHashMap<>();
    private final Counter failures;
    private final CacheCalls calls;
    private volatile long openedInGeneration;
    private volatile long unavailableUntil;

    PlatformCaches(RemoteCacheManager manager, ObjectMapper json, MeterRegistry registry, CacheCalls calls) {
        this.manager = manager;
        this.calls = calls;
        this.definitions = CacheDefinitions.load(json);
        this.lifespans = lifespans(definitions, json);
        this.failures = Counter.builder("platform.cache.failures")
                .description("Cache operations that failed and fell back to the source of truth").register(registry);
    }

    public Optional<String> get(String cache, String key) {
        return guarded(cache, c -> calls.await(c.getAsync(key), "read of " + key))
                .filter(value -> !Tombstones.is(value));
    }

    public void put(String cache, String key, String json) {
        guarded(cache, c -> calls.await(c.putAsync(key, json), "put of " + key));
    }

    public void remove(String cache, String key) {
        guarded(cache, c -> calls.await(c.removeAsync(key), "remove of " + key));
    }

    public void clear(String cache) {
        guarded(cache, c -> calls.await(c.clearAsync(), "clear of " + cache));
    }

    /**
     * Waits for one asynchronous call on a cache from {@link #open}, bounded like every cache call ({@link CacheCalls}):
     * what a {@link #guarded} operation uses instead of the client's blocking methods, which wait up to a day.
     */
    public <T> T await(CompletableFuture<T> call, String what) {
        return calls.await(call, what);
    }

    /**
     * Runs one operation against the cache; empty when the cache is unavailable or the operation failed.
     *
     * @throws IllegalArgumentException when {@code cache} has no shared definition
     */
    public <T> Optional<T> guarded(String cache, Function<RemoteCache<String, String>, T> operation) {
        if (!definitions.containsKey(cache)) {
            // A programming error, not an outage: fail loudly instead of pausing every cache.
            throw new IllegalArgumentException("No definition for cache '" + cache + "' in the shared definitions");
        }
        if (System.currentTimeMillis() < unavailableUntil) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(operation.apply(open(cache)));
        } catch (RuntimeException e) {
            failures.increment();
            unavailableUntil = System.currentTimeMillis() + OUTAGE_PAUSE.toMillis();
            LOG.warnf("Cache %s unavailable, serving from the source of truth for %d s: %s", cache,
                    OUTAGE_PAUSE.toSeconds(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The cache as the server defines it.
     *
     * @throws IllegalStateException when the server does not define it (yet): nothing is remembered, the next call asks
     *     again
     */
    public RemoteCache<String, String> open(String cache) {
        long generation = calls.generation();
        if (generation != openedInGeneration) {
            // The client was restarted (CacheCalls): what was opened before belongs to the stopped one.
            opened.clear();
            openedInGeneration = generation;
        }
        return opened.computeIfAbsent(cache, name -> {
            if (!definitions.containsKey(name)) {
                throw new IllegalArgumentException("No definition for cache '" + name + "' in the shared definitions");
            }
            RemoteCache<String, String> remote = manager.getCache(name);
            if (remote == null) {
                throw new IllegalStateException("Cache '" + name + "' is not defined on the server; cache-service (or"
                        + " the operator's Cache resource) defines it from the shared definitions");
            }
            return remote.withDataFormat(STRING_TO_JSON);
        });
    }

    public Map<String, String> definitions() {
        return definitions;
    }

    /**
     * The longest an entry of {@code cache} lives, in milliseconds, from its shared definition ({@code expiration.
     * lifespan}); negative when entries do not expire. A tombstone lives this long: no entry it guards against can
     * outlive it.
     */
    public long entryLifespanMillis(String cache) {
        Long lifespan = lifespans.get(cache);
        if (lifespan == null) {
            throw new IllegalArgumentException("No definition for cache '" + cache + "' in the shared definitions");
        }
        return lifespan;
    }

    private static Map<String, Long> lifespans(Map<String, String> definitions, ObjectMapper json) {
        Map<String, Long> lifespans = new LinkedHashMap<>();
        definitions.forEach((name, definition) -> {
            try {
                // One top-level kind (distributed-cache, replicated-cache, ...). No lifespan: entries never expire, nor
                // may their tombstones.
                JsonNode kind = json.readTree(definition).elements().next();
                JsonNode lifespan = kind.path("expiration").path("lifespan");
                lifespans.put(name, lifespan.canConvertToLong() && lifespan.asLong() > 0 ? lifespan.asLong() : -1L);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        });
        return Map.copyOf(lifespans);
    }
}
