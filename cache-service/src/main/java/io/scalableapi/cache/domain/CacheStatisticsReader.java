package io.scalableapi.cache.domain;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.scalableapi.cache.config.CacheServiceConfig;
import io.scalableapi.defaults.cache.PlatformCaches;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.jboss.logging.Logger;

/**
 * Server-side statistics of the declared caches, read at most once per {@code statistics.max-age} per cache (the
 * gauges are scraped often and the admin list may be polled), and published as {@code cache.hit.ratio},
 * {@code cache.entries} and {@code cache.evictions} per cache.
 */
@ApplicationScoped
public class CacheStatisticsReader {
    private static final Logger LOG = Logger.getLogger(CacheStatisticsReader.class);

    private final InfinispanRest rest;
    private final long maxAgeMs;
    private final Map<String, Reading> readings = new ConcurrentHashMap<>();

    CacheStatisticsReader(InfinispanRest rest, CacheServiceConfig config, PlatformCaches caches, MeterRegistry registry) {
        this.rest = rest;
        this.maxAgeMs = config.statistics().maxAge().toMillis();
        for (String cache : caches.definitions().keySet()) {
            gauge(registry, "cache.hit.ratio", "Hits over reads, as the server counts them", cache,
                    s -> s.hitRatio() == null ? Double.NaN : s.hitRatio());
            gauge(registry, "cache.entries", "Entries in the cache (approximate)", cache,
                    s -> s.entries() == null ? Double.NaN : s.entries());
            gauge(registry, "cache.evictions", "Entries evicted because the cache was full", cache,
                    s -> s.evictions() == null ? Double.NaN : s.evictions());
        }
    }

    /** The cache's statistics, at most {@code max-age} old; {@link CacheStatistics#unavailable()} when unreadable. */
    public CacheStatistics read(String cache) {
        long now = System.currentTimeMillis();
        Reading reading = readings.get(cache);
        if (reading != null && now - reading.at < maxAgeMs) {
            return reading.statistics;
        }
        CacheStatistics statistics;
        try {
            statistics = rest.statistics(cache).map(CacheStatistics::from).orElseGet(CacheStatistics::unavailable);
        } catch (RuntimeException e) {
            LOG.debugf("Statistics of %s unavailable: %s", cache, e.getMessage());
            statistics = CacheStatistics.unavailable();
        }
        readings.put(cache, new Reading(now, statistics));
        return statistics;
    }

    /** Forgets the reading so the next one asks the server (after an admin action changed the figures). */
    public void invalidate(String cache) {
        readings.remove(cache);
    }

    private void gauge(MeterRegistry registry, String name, String description, String cache,
            ToDoubleFunction<CacheStatistics> figure) {
        Gauge.builder(name, () -> figure.applyAsDouble(read(cache))).description(description).tag("cache", cache)
                .register(registry);
    }

    private record Reading(long at, CacheStatistics statistics) {
    }
}
