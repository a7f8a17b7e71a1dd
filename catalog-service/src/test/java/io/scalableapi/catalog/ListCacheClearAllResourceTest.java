package io.scalableapi.catalog;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.scalableapi.defaults.cache.PlatformCaches;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The same mix as {@link ListCacheResourceTest} with every write clearing every page (the behaviour before). */
@QuarkusTest
@TestProfile(ListCacheMix.ClearAll.class)
class ListCacheClearAllResourceTest {
    @Inject
    MeterRegistry metrics;

    @Inject
    PlatformCaches caches;

    @Test
    void everyWriteClearsEveryPage() {
        assertFalse(ListCacheMix.otherCategoryPageSurvives(metrics), "a write clears other categories' pages too");
        long[] r = ListCacheMix.run(metrics, caches, true);
        // Every round starts from an empty list cache: each of the 10 pages misses once in 20 reads (50 %).
        Figures.record("list cache under writes, every page cleared per write (before)", ListCacheMix.figure(r));
    }
}
