package io.scalableapi.gateway.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TraceBudgetTest {

    private final AtomicLong now = new AtomicLong(5_000_000_000L);

    @Test
    void aFullBudgetGivesOneSecondsWorthThenRefillsAtItsRate() {
        TraceBudget budget = new TraceBudget(20, now::get);
        assertEquals(20, takeAll(budget), "an idle bucket holds one second's worth");
        now.addAndGet(100_000_000L); // 100 ms: two more at 20 a second
        assertEquals(2, takeAll(budget));
        now.addAndGet(10_000_000_000L); // a long idle time still holds only one second's worth
        assertEquals(20, takeAll(budget));
    }

    @Test
    void zeroRecordsNothing() {
        TraceBudget budget = new TraceBudget(0, now::get);
        now.addAndGet(60_000_000_000L);
        assertFalse(budget.tryTake());
    }

    @Test
    void concurrentTakersNeverGetMoreThanTheBudget() throws InterruptedException {
        TraceBudget budget = new TraceBudget(1_000, now::get);
        AtomicLong taken = new AtomicLong();
        Thread[] threads = new Thread[8];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                for (int k = 0; k < 10_000; k++) {
                    if (budget.tryTake()) {
                        taken.incrementAndGet();
                    }
                }
            });
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(1_000, taken.get(), "the clock stood still: exactly one second's worth");
        now.addAndGet(1_000_000L);
        assertTrue(budget.tryTake(), "one millisecond later, one more");
    }

    private static int takeAll(TraceBudget budget) {
        int n = 0;
        while (budget.tryTake()) {
            n++;
        }
        return n;
    }
}
