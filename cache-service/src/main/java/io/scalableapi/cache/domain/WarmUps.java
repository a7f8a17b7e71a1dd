package io.scalableapi.cache.domain;

import io.scalableapi.defaults.cache.EntryOutcome;
import io.scalableapi.defaults.cache.VersionedEntries;
import io.scalableapi.cache.config.CacheServiceConfig;
import io.scalableapi.contracts.caches.CacheNames;
import io.scalableapi.contracts.catalog.ProductPageV1;
import io.scalableapi.contracts.catalog.ProductV1;
import io.scalableapi.defaults.errors.ApiException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Warms a cache in the background and reports progress. Only {@code catalog-products} has a source: the first
 * {@code count} products in the catalog's default order (the platform records no per-product request counts yet;
 * a popularity source would replace {@link CatalogProductSource} behind the same job). Writes are version-guarded,
 * so a warm-up never replaces a newer entry written meanwhile. One warm-up runs at a time per process.
 */
@ApplicationScoped
public class WarmUps {
    private static final Logger LOG = Logger.getLogger(WarmUps.class);

    private final CatalogProductSource catalog;
    private final VersionedEntries entries;
    private final CacheServiceConfig.WarmUp config;
    private final Map<String, WarmUp> jobs = new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cache-warm-up");
        t.setDaemon(true);
        return t;
    });

    WarmUps(CatalogProductSource catalog, VersionedEntries entries, CacheServiceConfig config) {
        this.catalog = catalog;
        this.entries = entries;
        this.config = config.warmUp();
    }

    public WarmUp start(String cache, int count, Optional<String> authorization) {
        if (!CacheNames.CATALOG_PRODUCTS.equals(cache)) {
            throw ApiException.badField("cache", "only " + CacheNames.CATALOG_PRODUCTS + " can be warmed");
        }
        if (count < 1 || count > config.maxCount()) {
            throw ApiException.badField("count", "must be between 1 and " + config.maxCount());
        }
        forgetFinished();
        WarmUp job = WarmUp.started(UUID.randomUUID().toString(), cache, count);
        jobs.put(job.id(), job);
        worker.submit(() -> run(job.id(), count, authorization));
        return job;
    }

    public Optional<WarmUp> find(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    private void run(String id, int count, Optional<String> authorization) {
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
                    jobs.computeIfPresent(id, (k, job) -> job.progressed(outcome));
                    remaining--;
                }
                cursor = page.nextCursor();
            } while (remaining > 0 && cursor != null);
            String detail = remaining > 0 ? "the catalog has only " + (count - remaining) + " products" : null;
            jobs.computeIfPresent(id, (k, job) -> job.finished(WarmUp.Status.COMPLETED, detail));
        } catch (Exception e) {
            LOG.warnf("Warm-up %s failed: %s", id, e.getMessage());
            jobs.computeIfPresent(id, (k, job) -> job.finished(WarmUp.Status.FAILED, String.valueOf(e.getMessage())));
        }
    }

    private void forgetFinished() {
        Instant horizon = Instant.now().minus(config.keepFinished());
        jobs.values().removeIf(job -> job.finishedAt() != null && job.finishedAt().isBefore(horizon));
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
