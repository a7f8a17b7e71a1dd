package io.scalableapi.defaults.replica;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * How far the read replica is behind, known without asking it per request: one background task reads the primary's
 * WAL position and then the replica's replay position every {@code poll-interval}, over two connections of its own
 * (not from the pools, so a busy pool never delays the measurement, and the measurement never takes a request's
 * connection).
 *
 * <p>Staleness is measured against the primary's positions: the replica is "caught up to time t" when it has replayed
 * the WAL position the primary reported at t. Staleness is now minus that t, so it keeps growing while the replica
 * stops replaying, stops answering, or cannot be measured, and the replica drops out after {@code max-staleness} in
 * every one of those cases. An error on the replica marks it down at once. Exported as
 * {@code platform.db.replica.lag.seconds}, {@code .lag.bytes} and {@code .usable}.
 */
@ApplicationScoped
@IfBuildProperty(name = "quarkus.hibernate-orm.multitenant", stringValue = "DATABASE")
public class ReplicaMonitor {
    private static final Logger LOG = Logger.getLogger(ReplicaMonitor.class);
    /** Primary samples kept while the replica is behind them all (10 minutes at the default interval). */
    static final int MAX_SAMPLES = 6000;

    /** What the last poll saw; replaced as a whole so readers never mix two polls. */
    record State(boolean up, long replayLsn, long primaryLsn, long caughtUpAtNanos, String problem) {
    }

    private final ReadReplicaConfig config;
    private final Instance<AgroalDataSource> replicaPool;
    private final Endpoint primaryEndpoint;
    private final Endpoint replicaEndpoint;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "read-replica-monitor");
        t.setDaemon(true);
        return t;
    });
    /** Confined to the poller thread: (nanoTime, primary LSN) pairs, oldest first, each LSN at least the previous. */
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();
    /** The highest commit position this process saw after its own commits (see {@link WritePins}). */
    private final AtomicLong localCommitLsn = new AtomicLong();
    private volatile State state = new State(false, 0, 0, Long.MIN_VALUE, "not polled yet");
    private Connection primary;
    private Connection replica;

    ReplicaMonitor(ReadReplicaConfig config, @DataSource(ReadTenants.REPLICA) Instance<AgroalDataSource> replicaPool,
            Config mp, MeterRegistry registry) {
        this.config = config;
        this.replicaPool = replicaPool;
        this.primaryEndpoint = Endpoint.of(mp, "quarkus.datasource.", "quarkus.datasource.");
        this.replicaEndpoint = Endpoint.of(mp, "quarkus.datasource." + ReadTenants.REPLICA + ".", "quarkus.datasource.");
        Gauge.builder("platform.db.replica.lag.seconds", this, m -> m.stalenessNanos(System.nanoTime()) / 1e9)
                .description("How old the newest data on the read replica may be (time since it was last seen caught up)")
                .register(registry);
        Gauge.builder("platform.db.replica.lag.bytes", this, m -> Math.max(0, m.state.primaryLsn - m.state.replayLsn))
                .description("WAL bytes the read replica had not replayed at the last poll").register(registry);
        Gauge.builder("platform.db.replica.usable", this, m -> m.usable() ? 1 : 0)
                .description("1 while reads may use the read replica, 0 while they go to the primary").register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (config.enabled()) {
            poller.scheduleWithFixedDelay(this::poll, 0, config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        poller.shutdownNow();
        try {
            poller.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        primary = close(primary);
        replica = close(replica);
    }

    /** Whether reads may use the replica now: it answers and is no more than {@code max-staleness} behind. */
    public boolean usable() {
        State s = state;
        return s.up && stalenessNanos(System.nanoTime()) <= config.maxStaleness().toNanos();
    }

    /** The replica's replay position at the last poll. */
    public long replayLsn() {
        return state.replayLsn;
    }

    /**
     * Whether what a replica read returned may go into a shared cache: the replica had replayed every commit of this
     * process (reported after each commit) and was at most half of {@code max-staleness} behind the primary. A newer
     * version committed elsewhere in that window is cached by its own writer after its commit; an older value could
     * only take its place if that entry vanished within the same half second, the race a slow primary read has too.
     */
    public boolean freshEnoughToCache() {
        State s = state;
        return s.up && s.replayLsn >= localCommitLsn.get()
                && stalenessNanos(System.nanoTime()) <= config.maxStaleness().toNanos() / 2;
    }

    /** A commit of this process ended at or before {@code lsn}. */
    void committed(long lsn) {
        localCommitLsn.accumulateAndGet(lsn, Math::max);
    }

    /** A request could not get a replica connection: stop using it now, not at the next poll. */
    void markDown(Throwable cause) {
        State s = state;
        if (s.up) {
            down(s, "connection failed: " + cause.getMessage());
        }
    }

    long stalenessNanos(long now) {
        long caughtUp = state.caughtUpAtNanos;
        return caughtUp == Long.MIN_VALUE ? Long.MAX_VALUE : Math.max(0, now - caughtUp);
    }

    /** One measurement: the primary first, so a replay position at or past a sample proves the replica had it then. */
    void poll() {
        long sampledAt = System.nanoTime();
        State last = state;
        long primaryLsn = last.primaryLsn;
        try {
            primary = open(primary, primaryEndpoint, "primary");
            // The flushed position: a standby only receives flushed WAL, and every commit is flushed before it returns
            // (synchronous_commit on). The write position would count WAL the walwriter flushes up to 200 ms later.
            primaryLsn = queryLong(primary, "select (pg_current_wal_flush_lsn() - '0/0')::bigint");
            if (samples.size() == MAX_SAMPLES) {
                samples.pollFirst();
            }
            samples.addLast(new long[] {sampledAt, primaryLsn});
        } catch (SQLException e) {
            // Without the primary's position the replica's staleness cannot be shown: it grows until it is.
            primary = close(primary);
            LOG.debugf("Primary position not read: %s", e.getMessage());
        }
        try {
            replica = open(replica, replicaEndpoint, "replica");
            long replayLsn;
            try (Statement st = replica.createStatement();
                    ResultSet rs = st.executeQuery("select pg_is_in_recovery(), (pg_last_wal_replay_lsn() - '0/0')::bigint")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    down(last, "the read datasource is not a standby");
                    return;
                }
                replayLsn = rs.getLong(2);
            }
            long caughtUpAt = last.caughtUpAtNanos;
            // Drop the samples the replica has passed; the newest of them says how recent its data is.
            while (!samples.isEmpty() && samples.peekFirst()[1] <= replayLsn) {
                caughtUpAt = Math.max(caughtUpAt, samples.pollFirst()[0]);
            }
            if (!last.up) {
                LOG.infof("Read replica usable again (replay position %d)", replayLsn);
            }
            state = new State(true, replayLsn, primaryLsn, caughtUpAt, null);
        } catch (SQLException e) {
            replica = close(replica);
            down(last, e.getMessage());
        }
    }

    private void down(State last, String problem) {
        if (last.up) {
            LOG.warnf("Read replica not used, reads go to the primary: %s", problem);
            // Pooled connections to a server that went away would fail one by one; new ones are made when it is back.
            if (replicaPool.isResolvable()) {
                try {
                    replicaPool.get().flush(AgroalDataSource.FlushMode.ALL);
                } catch (RuntimeException e) {
                    LOG.debugf("Replica pool not flushed: %s", e.getMessage());
                }
            }
        }
        state = new State(false, last.replayLsn, last.primaryLsn, last.caughtUpAtNanos, problem);
    }

    State state() {
        return state;
    }

    private Connection open(Connection current, Endpoint endpoint, String which) throws SQLException {
        if (current != null) {
            return current;
        }
        Properties props = new Properties();
        endpoint.user().ifPresent(u -> props.setProperty("user", u));
        endpoint.password().ifPresent(p -> props.setProperty("password", p));
        String seconds = Long.toString(Math.max(1, config.probeTimeout().toSeconds()));
        props.setProperty("connectTimeout", seconds);
        props.setProperty("socketTimeout", seconds);
        props.setProperty("ApplicationName", "read-replica-monitor (" + which + ")");
        return DriverManager.getConnection(endpoint.url(), props);
    }

    private static long queryLong(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // Already broken: nothing to release.
            }
        }
        return null;
    }

    /** A datasource's JDBC URL and credentials, read from the Quarkus configuration the pools use. */
    record Endpoint(String url, java.util.Optional<String> user, java.util.Optional<String> password) {
        static Endpoint of(Config mp, String prefix, String fallbackPrefix) {
            String url = mp.getOptionalValue(prefix + "jdbc.url", String.class)
                    .orElseThrow(() -> new IllegalStateException("No " + prefix + "jdbc.url for the read replica monitor"));
            return new Endpoint(url,
                    mp.getOptionalValue(prefix + "username", String.class)
                            .or(() -> mp.getOptionalValue(fallbackPrefix + "username", String.class)),
                    mp.getOptionalValue(prefix + "password", String.class)
                            .or(() -> mp.getOptionalValue(fallbackPrefix + "password", String.class)));
        }
    }
}
