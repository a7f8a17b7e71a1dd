package io.scalableapi.gateway.tracing;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * At most {@code perSecond} traces recorded a second by this replica, however many requests arrive: a token bucket
 * that refills continuously and holds one second's worth. A ratio alone makes tracing cost grow with traffic (5 % of
 * 20,000 requests a second is 2,000 spans to build, encode and send); with the budget the cost stops growing once the
 * budget is spent, and a client cannot make the gateway record every request by sending sampled {@code traceparent}s.
 *
 * <p>Lock-free: the state is one long, the instant (nanoseconds) up to which the budget is spent. The traces left are
 * the whole intervals between it and now; taking one moves it an interval on, and it never lags now by more than a
 * second, so an idle bucket holds at most one second's worth.
 */
final class TraceBudget {

    private static final long SECOND = 1_000_000_000L;

    private final long interval;
    private final LongSupplier nanoTime;
    private final AtomicLong spentUntil;

    TraceBudget(int perSecond, LongSupplier nanoTime) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("gateway.tracing.max-traces-per-second must be 0 or more: " + perSecond);
        }
        this.interval = perSecond == 0 ? Long.MAX_VALUE : SECOND / perSecond;
        this.nanoTime = nanoTime;
        this.spentUntil = new AtomicLong(nanoTime.getAsLong() - SECOND);
    }

    /** Takes one trace from the budget; false when this second's budget is spent. */
    boolean tryTake() {
        if (interval == Long.MAX_VALUE) {
            return false;
        }
        long now = nanoTime.getAsLong();
        while (true) {
            long current = spentUntil.get();
            long from = Math.max(current, now - SECOND);
            long next = from + interval;
            if (next > now) {
                return false;
            }
            if (spentUntil.compareAndSet(current, next)) {
                return true;
            }
        }
    }
}
