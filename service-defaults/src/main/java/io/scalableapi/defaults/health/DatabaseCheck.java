package io.scalableapi.defaults.health;

import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * The service's PostgreSQL answers, within a short bound. Replaces Quarkus' datasource check
 * ({@code quarkus.datasource.health.enabled=false}), which can only be a readiness check (see {@link DependenciesGroup}).
 */
@HealthGroup(DependenciesGroup.NAME)
@ApplicationScoped
public class DatabaseCheck implements HealthCheck {
    private static final String NAME = "Database";

    private final Instance<DataSource> dataSource;

    DatabaseCheck(Instance<DataSource> dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public HealthCheckResponse call() {
        if (!dataSource.isResolvable()) {
            return HealthCheckResponse.named(NAME).up().withData("configured", false).build();
        }
        return BoundedProbe.run(NAME, () -> {
            try (Connection connection = dataSource.get().getConnection()) {
                return HealthCheckResponse.named(NAME)
                        .status(connection.isValid((int) (BoundedProbe.TIMEOUT_MS / 1000))).build();
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        });
    }
}
