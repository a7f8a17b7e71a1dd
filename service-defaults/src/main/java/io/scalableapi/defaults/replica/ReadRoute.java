package io.scalableapi.defaults.replica;

import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;
import java.util.function.BooleanSupplier;

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

    void record(ReadTarget target, BooleanSupplier replicaCurrent) {
        this.target = target;
        this.replicaCurrent = replicaCurrent;
    }

    /**
     * True for a primary read (or none); for a replica read, only when the replica had replayed this process's own
     * commits and was a few poll intervals behind the primary at most (see {@code ReplicaMonitor.freshEnoughToCache}).
     */
    public boolean mayCache() {
        return target == null || !target.replica() || replicaCurrent.getAsBoolean();
    }

    /** The server of this request's reads, for logs and tests; empty when it read nothing outside a transaction. */
    public Optional<ReadTarget> target() {
        return Optional.ofNullable(target);
    }
}
