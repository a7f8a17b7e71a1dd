package io.scalableapi.defaults.replica;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Reads from a PostgreSQL read replica ({@code platform.read-replica.*}). The replica is the datasource named
 * {@value ReadTenants#REPLICA} ({@code quarkus.datasource.replica.*}); a service opts in with
 * {@code quarkus.hibernate-orm.multitenant=DATABASE}, which lets {@link ReadTenants} pick the datasource per session.
 */
@ConfigMapping(prefix = "platform.read-replica")
public interface ReadReplicaConfig {
    /** Whether reads outside a transaction may use the replica; off, every statement goes to the primary. */
    @WithDefault("true")
    boolean enabled();

    /**
     * How often one background task reads the primary's WAL position and the replica's replay position. Requests never
     * ask the replica how far it is: they read what this task saw last.
     */
    @WithDefault("100ms")
    Duration pollInterval();

    /**
     * The staleness bound: the replica serves reads only while it has replayed everything the primary had committed
     * this long ago (measured by the poll, so a replica that stops answering or replaying drops out after at most
     * this long). A client that did not write itself may read data this old; a writer never sees its own write undone.
     */
    @WithDefault("1s")
    Duration maxStaleness();

    /**
     * How long a writer's pin lives in {@code platform-read-pins}. Past {@link #maxStaleness()} the replica holds the
     * write anyway or is not used at all, so this only has to be longer than that bound.
     */
    @WithDefault("30s")
    Duration pinLifetime();

    /** Bound of connecting and of each poll query; a replica that takes longer counts as down. */
    @WithDefault("1s")
    Duration probeTimeout();
}
