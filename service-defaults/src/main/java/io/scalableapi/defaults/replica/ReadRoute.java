package io.scalableapi.defaults.replica;

import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Where this request's reads outside a transaction went. Code that puts what it read into a shared cache asks
 * {@link #mayCache()} first, so a value read from a lagging replica never lands in a cache after a newer committed
 * version: the cache's own version check stops it landing <em>over</em> one, this stops the case where the newer
 * version is not cached (evicted, expired, or a delete) and the older one would fill the gap.
 */
@RequestScoped
public class ReadRoute {
    private ReadTarget target;
    private BooleanSupplier replicaCurrent = () -> true;
    private LongSupplier replayLsn = () -> Long.MAX_VALUE;

    void record(ReadTarget target, BooleanSupplier replicaCurrent, LongSupplier replayLsn) {
        this.target = target;
        this.replicaCurrent = replicaCurrent;
        this.replayLsn = replayLsn;
    }

    /**
     * True for a primary read (or none); for a replica read, only when the replica had replayed this process's own
     * commits and was a few poll intervals behind the primary at most (see {@code ReplicaMonitor.freshEnoughToCache}).
     */
    public boolean mayCache() {
        return target == null || !target.replica() || replicaCurrent.getAsBoolean();
    }

    /**
     * {@link #mayCache()}, and for a replica read also that the replica had replayed {@code writtenAtLsn}: the primary's
     * position after the last change the cached value must include, whichever process made it (0: none known).
     */
    public boolean mayCache(long writtenAtLsn) {
        return mayCache() && (target == null || !target.replica() || replayLsn.getAsLong() >= writtenAtLsn);
    }

    /** The server of this request's reads, for logs and tests; empty when it read nothing outside a transaction. */
    public Optional<ReadTarget> target() {
        return Optional.ofNullable(target);
    }
}
