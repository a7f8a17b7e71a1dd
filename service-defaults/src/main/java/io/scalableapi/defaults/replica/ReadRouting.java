package io.scalableapi.defaults.replica;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one rule deciding where a read goes. Everything inside a transaction (writes, and the reads a write makes) uses
 * the primary. A read outside a transaction may be slightly stale and uses the replica, unless the replica is down or
 * more than {@code max-staleness} behind, or the caller wrote something the replica has not replayed yet. Counted in
 * {@code platform.db.reads{server, reason}}.
 */
@ApplicationScoped
@IfBuildProperty(name = "quarkus.hibernate-orm.multitenant", stringValue = "DATABASE")
public class ReadRouting {
    private final ReadReplicaConfig config;
    private final ReplicaMonitor monitor;
    private final WritePins pins;
    private final Map<ReadTarget, Counter> counted = new EnumMap<>(ReadTarget.class);

    ReadRouting(ReadReplicaConfig config, ReplicaMonitor monitor, WritePins pins, MeterRegistry registry) {
        this.config = config;
        this.monitor = monitor;
        this.pins = pins;
        for (ReadTarget t : ReadTarget.values()) {
            counted.put(t, Counter.builder("platform.db.reads").tag("server", t.server).tag("reason", t.reason)
                    .description("Sessions opened for reads, by the server they used and why").register(registry));
        }
    }

    ReadTarget decide(boolean inTransaction) {
        ReadTarget target = choose(inTransaction);
        counted.get(target).increment();
        return target;
    }

    private ReadTarget choose(boolean inTransaction) {
        if (!config.enabled()) {
            return ReadTarget.PRIMARY_DISABLED;
        }
        if (inTransaction) {
            return ReadTarget.PRIMARY_TRANSACTION;
        }
        if (!monitor.usable()) {
            return ReadTarget.PRIMARY_REPLICA_UNUSABLE;
        }
        Optional<String> caller = pins.currentCaller();
        if (caller.isPresent()) {
            Optional<Long> required = pins.requiredLsn(caller.get());
            if (required.isEmpty()) {
                return ReadTarget.PRIMARY_PIN_UNKNOWN;
            }
            if (required.get() > monitor.replayLsn()) {
                return ReadTarget.PRIMARY_PINNED;
            }
        }
        return ReadTarget.REPLICA;
    }

    long replicaReplayLsn() {
        return monitor.replayLsn();
    }

    boolean replicaFreshEnoughToCache() {
        return monitor.freshEnoughToCache();
    }
}
