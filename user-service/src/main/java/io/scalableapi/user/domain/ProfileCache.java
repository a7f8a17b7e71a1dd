package io.scalableapi.user.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scalableapi.contracts.caches.CacheNames;
import io.scalableapi.contracts.user.UserProfileV1;
import io.scalableapi.defaults.cache.PlatformCaches;
import io.scalableapi.defaults.cache.VersionedEntries;
import io.scalableapi.defaults.seams.PausePoints;
import io.scalableapi.user.config.UserServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Profiles by user id in the shared Infinispan cache {@code user-profiles}. Personal data stays inside the platform:
 * responses are never cacheable at the edge.
 *
 * <p>Every write is version-guarded (service-defaults' {@code VersionedEntries}): writers store the new state after
 * their transaction committed ({@link #store}), readers fill a miss ({@link #fill}), and neither ever moves the entry
 * back to an older version. So a reader that loaded the old row just before a write cannot put it back over the new
 * one. Erasure does not remove the entry but leaves a tombstone at the erasure's version ({@link #tombstone}): a
 * reader that loaded the profile just before the erasure committed finds something newer and writes nothing, and
 * {@link #get} reads the tombstone as a miss.
 */
@ApplicationScoped
public class ProfileCache {
    private static final Logger LOG = Logger.getLogger(ProfileCache.class);
    private static final String CACHE = CacheNames.USER_PROFILES;

    private final PlatformCaches caches;
    private final VersionedEntries entries;
    private final ObjectMapper json;
    private final String keyPrefix;
    private final PausePoints points;

    ProfileCache(PlatformCaches caches, VersionedEntries entries, ObjectMapper json, UserServiceConfig config,
            PausePoints points) {
        this.caches = caches;
        this.entries = entries;
        this.points = points;
        this.json = json;
        this.keyPrefix = config.profileCacheKeyPrefix().orElse("");
    }

    public Optional<UserProfileV1> get(UUID userId) {
        return caches.get(CACHE, key(userId)).flatMap(this::read);
    }

    /** After a committed change: the cache holds the new state, unless something newer is there already. */
    public void store(UserProfileV1 profile) {
        moveForward(profile);
    }

    /** After a read from the database: fills the cache unless a writer (or an erasure) left something newer. */
    public void fill(UserProfileV1 profile) {
        points.reached(PausePoints.CACHE_FILL, PausePoints.cacheEntry(CACHE, key(profile.id())));
        moveForward(profile);
    }

    /** After an erasure committed: the entry becomes a tombstone at {@code erasedVersion}, whatever it held. */
    public void tombstone(UUID userId, long erasedVersion) {
        caches.guarded(CACHE, c -> entries.tombstone(CACHE, key(userId), erasedVersion));
    }

    private void moveForward(UserProfileV1 profile) {
        write(profile).ifPresent(value -> caches.guarded(CACHE,
                c -> entries.warm(CACHE, key(profile.id()), profile.version(), value)));
    }

    /** The entry's key: the user id, which cache-service's coherence also uses (no prefix outside tests). */
    public String key(UUID userId) {
        return keyPrefix + userId;
    }

    private Optional<UserProfileV1> read(String value) {
        try {
            return Optional.of(json.readValue(value, UserProfileV1.class));
        } catch (JsonProcessingException e) {
            // An entry in an older shape: ignore it, the database answers and the next write replaces it.
            LOG.debugf("Unreadable cached profile: %s", e.getOriginalMessage());
            return Optional.empty();
        }
    }

    private Optional<String> write(UserProfileV1 profile) {
        try {
            return Optional.of(json.writeValueAsString(profile));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Profile is not serialisable", e);
        }
    }
}
