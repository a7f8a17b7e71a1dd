package io.scalableapi.defaults.health;

import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.sql.Connection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    private static final long TIMEOUT_MS = 3_000;

    private final Instance<DataSource> dataSource;

    DatabaseCheck(Instance<DataSource> dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("Database");
        if (!dataSource.isResolvable()) {
            return response.up().withData("configured", false).build();
        }
        try {
            boolean valid = CompletableFuture.supplyAsync(() -> {
                try (Connection connection = dataSource.get().getConnection()) {
                    return connection.isValid((int) (TIMEOUT_MS / 1000));
                } catch (java.sql.SQLException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return response.status(valid).build();
        } catch (TimeoutException e) {
            return response.down().withData("error", "no answer within " + TIMEOUT_MS + " ms").build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return response.down().withData("error", "interrupted").build();
        } catch (Exception e) {
            return response.down().withData("error", String.valueOf(e.getCause() == null ? e : e.getCause())).build();
        }
    }
}
