package io.scalableapi.defaults.replica;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import io.quarkus.hibernate.orm.runtime.tenant.TenantConnectionResolver;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;

/**
 * The connections behind {@link ReadTenants}' two tenants: the default datasource (the primary) and the datasource
 * {@value ReadTenants#REPLICA}. When no replica connection can be had (the replica went down since the last poll),
 * the read takes a primary connection instead and the replica is marked down, so no request fails or waits on it.
 */
@PersistenceUnitExtension
@ApplicationScoped
@IfBuildProperty(name = "quarkus.hibernate-orm.multitenant", stringValue = "DATABASE")
public class ReadConnections implements TenantConnectionResolver {
    private final ConnectionProvider primary;
    private final ConnectionProvider replica;

    ReadConnections(AgroalDataSource primary, @DataSource(ReadTenants.REPLICA) AgroalDataSource replica,
            ReplicaMonitor monitor) {
        this.primary = new Pooled(primary);
        this.replica = new Pooled(replica) {
            @Override
            public Connection getConnection() throws SQLException {
                try {
                    return super.getConnection();
                } catch (SQLException e) {
                    monitor.markDown(e);
                    return primary.getConnection();
                }
            }
        };
    }

    @Override
    public ConnectionProvider resolve(String tenantId) {
        return ReadTenants.REPLICA.equals(tenantId) ? replica : primary;
    }

    /** Connections from one Agroal pool; closing one returns it to the pool it came from. */
    static class Pooled implements ConnectionProvider {
        private final AgroalDataSource pool;

        Pooled(AgroalDataSource pool) {
            this.pool = pool;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return pool.getConnection();
        }

        @Override
        public void closeConnection(Connection connection) throws SQLException {
            connection.close();
        }

        @Override
        public boolean supportsAggressiveRelease() {
            return false;
        }

        @Override
        public boolean isUnwrappableAs(Class<?> type) {
            return type.isInstance(pool);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T unwrap(Class<T> type) {
            if (type.isInstance(pool)) {
                return (T) pool;
            }
            throw new IllegalArgumentException("Cannot unwrap a pooled connection provider as " + type);
        }
    }
}
