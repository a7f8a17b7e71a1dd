package io.scalableapi.defaults.replica;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import io.quarkus.hibernate.orm.runtime.tenant.TenantResolver;
import jakarta.enterprise.context.RequestScoped;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Routes Hibernate sessions, and with them Panache, to the primary or the replica: the two "tenants" of Hibernate's
 * database multi-tenancy are the two datasources ({@link ReadConnections}). Hibernate asks when it opens a session: a
 * transaction's session (writes, reads inside a write) always goes to the primary; the request's session outside a
 * transaction is decided once per request by {@link ReadRouting}, so all of a request's plain reads see one server.
 */
@PersistenceUnitExtension
@RequestScoped
@IfBuildProperty(name = "quarkus.hibernate-orm.multitenant", stringValue = "DATABASE")
public class ReadTenants implements TenantResolver {
    public static final String PRIMARY = "primary";
    public static final String REPLICA = "replica";

    private final ReadRouting routing;
    private final ReadRoute route;
    private final TransactionSynchronizationRegistry transactions;
    private ReadTarget readTarget;

    ReadTenants(ReadRouting routing, ReadRoute route, TransactionSynchronizationRegistry transactions) {
        this.routing = routing;
        this.route = route;
        this.transactions = transactions;
    }

    @Override
    public String getDefaultTenantId() {
        return PRIMARY;
    }

    @Override
    public String resolveTenantId() {
        if (transactions.getTransactionStatus() != Status.STATUS_NO_TRANSACTION) {
            routing.decide(true);
            return PRIMARY;
        }
        if (readTarget == null) {
            readTarget = routing.decide(false);
            route.record(readTarget, routing::replicaFreshEnoughToCache, routing::replicaReplayLsn);
        }
        return readTarget.replica() ? REPLICA : PRIMARY;
    }
}
