package io.scalableapi.gateway.ratelimit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.scalableapi.contracts.caches.CacheDefinitions;
import io.scalableapi.contracts.caches.CacheNames;
import io.scalableapi.gateway.config.GatewayConfig;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.infinispan.client.hotrod.Flag;
import org.infinispan.client.hotrod.MetadataValue;
import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;
import org.jboss.logging.Logger;

/**
 * Limiter state in an Infinispan cache shared by every replica. Each decision reads the entry with its version and writes
 * the next state only if the version is unchanged (or only if still absent); a lost race re-reads and decides again. The
 * requests of one key that a replica has waiting are decided together (see {@link DecisionBatcher}), in order. No
 * replica ever overwrites a count it has not seen, so the quota is exact however many replicas and connections there are.
 *
 * <p>Time is the server's: each replica measures the offset of its monotonic clock to the Infinispan server's clock (the
 * creation time the server stamps on a written entry), so every replica starts and ends windows by the same clock.
 */
@Singleton
public class InfinispanLimiterStore {

    private static final Logger LOG = Logger.getLogger(InfinispanLimiterStore.class);
    /** Losing more races than this in one decision means something is wrong; the fail mode is safer than spinning. */
    private static final int MAX_ATTEMPTS = 200;

    private final RemoteCacheManager manager;
    private final GatewayConfig.RateLimitConfig config;
    private final String clockKey = "clock:" + UUID.randomUUID();
    private final ScheduledExecutorService sync = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gateway-rate-limit-clock");
        t.setDaemon(true);
        return t;
    });

    private volatile RemoteCache<String, String> cache;
    private volatile ServerClock clock;

    InfinispanLimiterStore(RemoteCacheManager manager, GatewayConfig config, ObjectMapper json) {
        this.manager = manager;
        this.config = config.rateLimit();
        // A cache name outside the platform's one definition file is a configuration error, not an outage.
        if (!CacheDefinitions.load(json).containsKey(this.config.cache())) {
            throw new IllegalStateException("gateway.rate-limit.cache=" + this.config.cache() + " is not declared in "
                    + CacheNames.DEFINITIONS);
        }
    }

    void start(@Observes StartupEvent event) {
        // Off the startup thread: the gateway must come up (and report not ready) while Infinispan is away.
        sync.scheduleWithFixedDelay(this::synchronize, 0, config.clockSyncInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        sync.shutdownNow();
    }

    /**
     * Gets the cache and re-reads the server clock. Blocking; runs on the sync thread. The gateway's Infinispan role
     * (application) cannot create caches, as in the cluster: the operator's Cache resource (locally scripts/infra.sh)
     * and cache-service define it, and until one has, the gateway stays not ready.
     */
    void synchronize() {
        try {
            RemoteCache<String, String> c = cache;
            if (c == null) {
                c = manager.getCache(config.cache());
                if (c == null) {
                    throw new IllegalStateException("cache " + config.cache() + " is not defined on the server");
                }
                cache = c;
            }
            long before = System.nanoTime();
            c.put(clockKey, "clock", 10, TimeUnit.MINUTES);
            long after = System.nanoTime();
            MetadataValue<String> written = c.getWithMetadata(clockKey);
            if (written == null || written.getCreated() <= 0) {
                throw new IllegalStateException("the server returned no creation time for " + clockKey);
            }
            // The server stamped the entry somewhere between before and after: take the middle.
            clock = new ServerClock(written.getCreated(), before + (after - before) / 2);
        } catch (RuntimeException e) {
            // Keep the previous offset: a monotonic clock drifts far less than a sync interval matters.
            LOG.warnf("Rate-limit store not synchronized (%s); decisions use the fail mode until it is", e.toString());
        }
    }

    public boolean isReady() {
        return cache != null && clock != null;
    }

    /** A real round trip to the server, for readiness. Blocking, bounded by the caller. */
    public CompletableFuture<?> ping() {
        RemoteCache<String, String> c = cache;
        if (c == null) {
            return CompletableFuture.failedFuture(new LimiterStoreUnavailableException("not connected to Infinispan"));
        }
        return c.getAsync(clockKey);
    }

    /**
     * Decides, in order, for requests on {@code key} that arrived together (one tier each), with one read and one
     * conditional write for all of them; in the same write, gives back an expired lease's unspent requests and grants a
     * new lease when asked. Completes on a Hot Rod thread.
     */
    public CompletionStage<BatchOutcome> decideAll(String key, List<Tier> tiers, LeaseRequest lease) {
        RemoteCache<String, String> c = cache;
        ServerClock now = clock;
        if (c == null || now == null) {
            return CompletableFuture.failedFuture(new LimiterStoreUnavailableException("rate-limit store not connected"));
        }
        return attempt(c, now, key, tiers, lease, 1);
    }

    private CompletionStage<BatchOutcome> attempt(RemoteCache<String, String> c, ServerClock serverClock, String key,
            List<Tier> tiers, LeaseRequest lease, int attempt) {
        return c.getWithMetadataAsync(key).thenCompose(current -> {
            long now = serverClock.nowMillis();
            LimiterState stored = current == null ? null : LimiterState.decode(current.getValue());
            LimiterState base = lease.expired() == null ? stored
                    : RateLimitAlgorithm.release(stored, lease.expired().tier(), lease.unspent(),
                            lease.expired().windowStart());
            List<Decision> decisions = RateLimitAlgorithm.decideInOrder(base, now, tiers);
            LimiterState after = RateLimitAlgorithm.stateAfter(decisions);
            LimiterState written = after != null ? after : base;
            Tier leaseTier = tiers.get(tiers.size() - 1);
            int wanted = RateLimitAlgorithm.leaseWanted(written, now, lease.wanted(),
                    config.lease().duration().toMillis(), config.lease().maxSize());
            RateLimitAlgorithm.Grant grant = RateLimitAlgorithm.grant(written, now, leaseTier, wanted,
                    config.lease().quotaShareDivisor());
            if (grant != null) {
                written = grant.next();
            }
            if (written == stored) {
                return CompletableFuture.completedFuture(new BatchOutcome(decisions, null));
            }
            // The entry only needs to outlive its window and its burst (the GCRA's theoretical arrival carries into the
            // next window); expiry is housekeeping, the algorithm never relies on it.
            long longestWindow = tiers.stream().mapToLong(Tier::windowMillis).max().orElseThrow();
            long lifespan = Math.max(written.windowStart() + longestWindow, written.theoreticalArrival()) - now + 5_000;
            String next = written.encode();
            Lease granted = grant == null ? null : lease(leaseTier, grant, now, lease.wanted());
            CompletableFuture<Boolean> done = current == null
                    ? c.withFlags(Flag.FORCE_RETURN_VALUE)
                            .putIfAbsentAsync(key, next, lifespan, TimeUnit.MILLISECONDS)
                            .thenApply(previous -> previous == null)
                    : c.replaceWithVersionAsync(key, next, current.getVersion(), lifespan, TimeUnit.MILLISECONDS, 0,
                            TimeUnit.MILLISECONDS);
            return done.thenCompose(won -> {
                if (won) {
                    return CompletableFuture.completedFuture(new BatchOutcome(decisions, granted));
                }
                if (attempt >= MAX_ATTEMPTS) {
                    return CompletableFuture.<BatchOutcome> failedFuture(
                            new LimiterStoreUnavailableException("gave up after " + attempt + " conflicting writes"));
                }
                return attempt(c, serverClock, key, tiers, lease, attempt + 1);
            });
        });
    }

    private Lease lease(Tier tier, RateLimitAlgorithm.Grant grant, long now, int localWanted) {
        long local = System.nanoTime();
        long windowLeftMillis = grant.next().windowStart() + tier.windowMillis() - now;
        long validMillis = Lease.lifetimeMillis(grant.granted(), localWanted, config.lease().duration().toMillis(),
                config.lease().maxLifetime().toMillis(), windowLeftMillis);
        return new Lease(tier, grant.granted(), grant.next().windowStart(), tier.limit() - grant.next().count(),
                local + validMillis * 1_000_000, local + windowLeftMillis * 1_000_000);
    }
}
