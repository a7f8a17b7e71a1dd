package io.scalableapi.defaults.replica;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.security.identity.SecurityIdentity;
import io.scalableapi.contracts.caches.CacheNames;
import io.scalableapi.defaults.cache.PlatformCaches;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Read-your-writes across the service's replicas (the pattern of GitLab's database load balancing): after a caller's
 * write commits, the primary's WAL position is stored for that caller in {@code platform-read-pins} for
 * {@code pin-lifetime}; that caller's reads use the replica only once it has replayed that far. The position is read
 * after the commit, so it is at or past the commit record.
 *
 * <p>A transaction counts as a write when it appends to the outbox ({@code Outbox.append} calls {@link #afterCommit()}):
 * every change of these services records its event there.
 */
@ApplicationScoped
@IfBuildProperty(name = "quarkus.hibernate-orm.multitenant", stringValue = "DATABASE")
public class WritePins {
    private static final Logger LOG = Logger.getLogger(WritePins.class);
    private static final Object REGISTERED = WritePins.class;

    private final ReadReplicaConfig config;
    private final TransactionSynchronizationRegistry transactions;
    private final AgroalDataSource primary;
    private final PlatformCaches caches;
    private final ReplicaMonitor monitor;
    private final Instance<SecurityIdentity> identity;
    private final String service;

    WritePins(ReadReplicaConfig config, TransactionSynchronizationRegistry transactions, AgroalDataSource primary,
            PlatformCaches caches, ReplicaMonitor monitor, Instance<SecurityIdentity> identity,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.config = config;
        this.transactions = transactions;
        this.primary = primary;
        this.caches = caches;
        this.monitor = monitor;
        this.identity = identity;
        this.service = service;
    }

    /** Inside a writing transaction: once it commits, its caller (if any) is pinned to what it wrote. */
    public void afterCommit() {
        if (!config.enabled() || transactions.getResource(REGISTERED) != null) {
            return;
        }
        transactions.putResource(REGISTERED, Boolean.TRUE);
        String caller = currentCaller().orElse(null);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    committed(caller);
                }
            }
        });
    }

    /**
     * The position the replica must have replayed before {@code caller} reads from it: 0 without a pin, empty when
     * the pin store cannot be asked (the caller then reads from the primary: a lost pin must not undo a write).
     */
    Optional<Long> requiredLsn(String caller) {
        String key = key(caller);
        return caches.guarded(CacheNames.PLATFORM_READ_PINS,
                        c -> Optional.ofNullable(caches.await(c.getAsync(key), "read of pin " + key)))
                .map(pin -> pin.map(WritePins::lsnOf).orElse(0L));
    }

    Optional<String> currentCaller() {
        if (!identity.isResolvable()) {
            return Optional.empty();
        }
        try {
            SecurityIdentity id = identity.get();
            return id.isAnonymous() ? Optional.empty() : Optional.of(id.getPrincipal().getName());
        } catch (RuntimeException e) {
            // No request (a scheduled task): nobody to pin.
            return Optional.empty();
        }
    }

    /**
     * The primary's WAL position now, for a mark that says "what is cached here includes everything up to this"
     * (catalog's list generations); 0 with replica reads off or when the primary does not answer.
     */
    public long primaryPosition() {
        if (!config.enabled()) {
            return 0;
        }
        try (Connection c = primary.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select (pg_current_wal_lsn() - '0/0')::bigint")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("WAL position of the primary not read: %s", e.getMessage());
            return 0;
        }
    }

    private void committed(String caller) {
        long lsn = primaryPosition();
        if (lsn == 0) {
            // The write stands; without its position the caller may briefly read the replica's older state.
            return;
        }
        monitor.committed(lsn);
        if (caller != null) {
            String value = "{\"lsn\":" + lsn + "}";
            String key = key(caller);
            caches.guarded(CacheNames.PLATFORM_READ_PINS, c -> caches.await(c.putAsync(key, value,
                    config.pinLifetime().toMillis(), TimeUnit.MILLISECONDS), "put of pin " + key));
        }
    }

    private String key(String caller) {
        // Per service: each service's database may live on another cluster, with WAL positions of its own.
        return service + ":" + caller;
    }

    static long lsnOf(String json) {
        int colon = json.indexOf(':');
        int end = json.lastIndexOf('}');
        try {
            return Long.parseLong(json.substring(colon + 1, end).trim());
        } catch (RuntimeException e) {
            // Unreadable pin: the safest reading is "not replayed yet".
            return Long.MAX_VALUE;
        }
    }
}
