package io.scalableapi.cache.domain;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A cache's server-side statistics. Figures the server does not collect are null (it reports them as -1), e.g.
 * memory when the cache is bounded by count rather than size.
 */
public record CacheStatistics(Long entries, Long hits, Long misses, Double hitRatio, Long evictions, Long stores,
        Long removeHits, Long memoryBytes) {

    public static CacheStatistics unavailable() {
        return new CacheStatistics(null, null, null, null, null, null, null, null);
    }

    /** From Infinispan's REST {@code ?action=stats} document. */
    public static CacheStatistics from(JsonNode stats) {
        Long hits = figure(stats, "hits");
        Long misses = figure(stats, "misses");
        Long entries = figure(stats, "current_number_of_entries");
        if (entries == null) {
            // Exact counts are off by default on recent servers; the approximate one is what the console shows.
            entries = figure(stats, "approximate_entries");
        }
        Long memory = figure(stats, "data_memory_used");
        if (memory == null || memory == 0) {
            memory = figure(stats, "off_heap_memory_used");
        }
        return new CacheStatistics(entries, hits, misses, hitRatio(hits, misses), figure(stats, "evictions"),
                figure(stats, "stores"), figure(stats, "remove_hits"), memory == null || memory == 0 ? null : memory);
    }

    /** Hits over reads; null before the first read. */
    static Double hitRatio(Long hits, Long misses) {
        if (hits == null || misses == null || hits + misses == 0) {
            return null;
        }
        return (double) hits / (hits + misses);
    }

    private static Long figure(JsonNode stats, String name) {
        JsonNode value = stats.get(name);
        return value == null || !value.canConvertToLong() || value.asLong() < 0 ? null : value.asLong();
    }
}
