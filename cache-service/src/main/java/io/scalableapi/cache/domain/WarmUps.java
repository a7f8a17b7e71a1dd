package io.scalableapi.cache.domain;

import io.scalableapi.defaults.cache.EntryOutcome;
import io.scalableapi.defaults.cache.VersionedEntries;
import io.scalableapi.cache.config.CacheServiceConfig;
import io.scalableapi.contracts.caches.CacheNames;
import io.scalableapi.contracts.catalog.ProductPageV1;
import io.scalableapi.contracts.catalog.ProductV1;
import io.scalableapi.defaults.errors.ApiException;
import static io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Warms a cache in the background and reports progress. Only {@code catalog-products} has a source: the first
 * {@code count} products in the catalog's default order (the platform records no per-product request counts yet;
 * a popularity source would replace {@link CatalogProductSource} behind the same job). Writes are version-guarded,
 * so a warm-up never replaces a newer entry written meanwhile. One warm-up runs at a time per process; later ones
 * queue behind it.
 *
 * <p>Jobs live in the database ({@link WarmUpStore}), so any replica answers for any job. The replica that accepted a
 * job runs it and holds a lease on it: it renews the lease every {@code heartbeat-interval} (queued jobs too) and with
 * every page written. A replica that dies stops renewing; after {@code lease} its job is reported FAILED as abandoned
 * (by whichever replica reads it first, or the sweep), and nobody resumes it: a warm-up is cheap to start again, and
 * resuming would need the caller's token, which is not stored.
 */
@ApplicationScoped
public class WarmUps {
    private static final Logger LOG = Logger.getLogger(WarmUps.class);

    private final CatalogProductSource catalog;
    private final VersionedEntries entries;
    private final WarmUpStore store;
    private final CacheServiceConfig.WarmUp config;
    /** This process: pod name (host name) and a random part, so a restarted process never inherits a lease. */
    private final String owner = hostName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cache-warm-up");
        t.setDaemon(true);
        return t;
    });

    WarmUps(CatalogProductSource catalog, VersionedEntries entries, WarmUpStore store, CacheServiceConfig config) {
        this.catalog = catalog;
        this.entries = entries;
        this.store = store;
        this.config = config.warmUp();
    }

    public WarmUp start(String cache, int count, Optional<String> authorization) {
        if (!CacheNames.CATALOG_PRODUCTS.equals(cache)) {
            throw ApiException.badField("cache", "only " + CacheNames.CATALOG_PRODUCTS + " can be warmed");
        }
        if (count < 1 || count > config.maxCount()) {
            throw ApiException.badField("count", "must be between 1 and " + config.maxCount());
        }
        WarmUp job = WarmUp.started(UUID.randomUUID().toString(), cache, count);
        store.create(job, owner);
        worker.submit(() -> run(job.id(), count, authorization));
        return job;
    }

    public Optional<WarmUp> find(String id) {
        return store.find(id, config.lease());
    }

    private void run(String id, int count, Optional<String> authorization) {
        int processed = 0, loaded = 0, skipped = 0;
        try {
            String cursor = null;
            int remaining = count;
            do {
                ProductPageV1 page = catalog.page(cursor, Math.min(remaining, config.pageSize()), authorization);
                for (ProductV1 product : page.items()) {
                    if (remaining == 0) {
                        break;
                    }
                    EntryOutcome outcome = entries.warm(CacheNames.CATALOG_PRODUCTS, product.id().toString(),
                            product.version(), catalog.serialise(product));
                    boolean written = outcome == EntryOutcome.REFRESHED || outcome == EntryOutcome.ABSENT;
                    processed++;
                    loaded += written ? 1 : 0;
                    skipped += written ? 0 : 1;
                    remaining--;
                }
                // Progress is written once per page: the status moves at the pace of catalog reads, not per entry.
                if (!store.progress(id, owner, processed, loaded, skipped)) {
                    LOG.warnf("Warm-up %s: lease lost (declared abandoned), stopping", id);
                    return;
                }
                cursor = page.nextCursor();
            } while (remaining > 0 && cursor != null);
            String detail = remaining > 0 ? "the catalog has only " + (count - remaining) + " products" : null;
            store.finish(id, owner, WarmUp.Status.COMPLETED, detail);
        } catch (Exception e) {
            LOG.warnf("Warm-up %s failed: %s", id, e.getMessage());
            try {
                store.progress(id, owner, processed, loaded, skipped);
                store.finish(id, owner, WarmUp.Status.FAILED, String.valueOf(e.getMessage()));
            } catch (RuntimeException stored) {
                // The database is away too: the lease runs out and the job is reported abandoned.
                LOG.warnf("Warm-up %s: failure not recorded: %s", id, stored.getMessage());
            }
        }
    }

    @Scheduled(every = "${cache-service.warm-up.heartbeat-interval:5s}", concurrentExecution = SKIP)
    void renewLeases() {
        try {
            store.heartbeat(owner);
        } catch (RuntimeException e) {
            LOG.debugf("Warm-up leases not renewed: %s", e.getMessage());
        }
    }

    @Scheduled(every = "1m", delay = 1, delayUnit = TimeUnit.MINUTES, concurrentExecution = SKIP)
    void sweep() {
        // Abandoned jobs are also declared when read; this catches those nobody asks about, then forgets old ones.
        store.abandonExpired(config.lease());
        store.forgetFinishedBefore(config.keepFinished());
    }

    void onStop(@Observes ShutdownEvent event) {
        worker.shutdownNow();
        try {
            int released = store.release(owner, "interrupted: the replica running it shut down");
            if (released > 0) {
                LOG.infof("Stopping: %d warm-up(s) reported as interrupted", released);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Stopping: warm-ups left to expire with their lease: %s", e.getMessage());
        }
    }

    private static String hostName() {
        String pod = System.getenv("HOSTNAME");
        if (pod != null && !pod.isBlank()) {
            return pod;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
