package io.scalableapi.cache.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Reading the server's statistics document: ratios from hits and misses, "-1" as "not collected". */
class CacheStatisticsTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void hitRatioIsHitsOverReadsAndNotCollectedFiguresAreNull() throws Exception {
        CacheStatistics s = CacheStatistics.from(json.readTree("{\"hits\":3,\"misses\":1,\"current_number_of_entries\":-1,"
                + "\"approximate_entries\":7,\"evictions\":2,\"data_memory_used\":-1,\"off_heap_memory_used\":0,"
                + "\"stores\":9,\"remove_hits\":1}"));

        assertEquals(0.75, s.hitRatio());
        assertEquals(7L, s.entries());
        assertEquals(2L, s.evictions());
        assertNull(s.memoryBytes());
    }

    @Test
    void noReadsMeansNoRatio() throws Exception {
        assertNull(CacheStatistics.from(json.readTree("{\"hits\":0,\"misses\":0}")).hitRatio());
    }
}
