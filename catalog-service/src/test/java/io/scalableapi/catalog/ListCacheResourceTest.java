package io.scalableapi.catalog;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.scalableapi.defaults.cache.PlatformCaches;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * List pages survive writes that cannot change them: a product write starts new generations of the unfiltered lists
 * and of its category's lists only (ListPages). Measured against the behaviour before, every write clearing every
 * page, in {@link ListCacheClearAllResourceTest}.
 */
@QuarkusTest
@TestProfile(ListCacheMix.Family.class)
class ListCacheResourceTest {
    @Inject
    MeterRegistry metrics;

    @Inject
    PlatformCaches caches;

    @Test
    void aWriteLeavesTheListsOfOtherCategoriesCached() {
        assertTrue(ListCacheMix.otherCategoryPageSurvives(metrics));
    }

    @Test
    void hitRatioOfAWriteAndReadMix() {
        long[] r = ListCacheMix.run(metrics, caches, false);
        // Per round 20 reads and one write: the unfiltered lists (2) and one category's list (1) miss once each, so
        // about 83 % on a cache of its own; the figure says what it was here.
        Figures.record("list cache under writes, new generations per list family (now)", ListCacheMix.figure(r));
        assertTrue(r[2] > 0, ListCacheMix.figure(r));
    }
}
