package io.scalableapi.catalog;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The catalog with its read replica on (the other tests read the primary, see application.properties). */
final class ReplicaProfiles {
    private ReplicaProfiles() {
    }

    /**
     * Every read reaches a database (no Infinispan in between), in a schema of its own: the servers' per-table
     * statistics then count this test's statements only, although other runs use catalog_test at the same time.
     */
    public static class Uncached implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("platform.read-replica.enabled", "true", "catalog.cache.enabled", "false",
                    // This schema's outbox rows are nobody's events.
                    "platform.outbox.relay-enabled", "false");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OwnSchema.class));
        }
    }

    /** Reads through Infinispan as in production. */
    public static class Cached implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("platform.read-replica.enabled", "true");
        }
    }

    /** A fresh schema in catalog_test for one profile, migrated by Flyway at start and dropped at the end. */
    public static class OwnSchema implements QuarkusTestResourceLifecycleManager {
        static final String NAME = "replica_test_" + UUID.randomUUID().toString().substring(0, 8);

        @Override
        public Map<String, String> start() {
            String suffix = "/" + ReplicaServers.DATABASE + "?currentSchema=" + NAME;
            return Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432" + suffix,
                    "quarkus.datasource.replica.jdbc.url", "jdbc:postgresql://127.0.0.1:5433" + suffix,
                    "quarkus.flyway.schemas", NAME);
        }

        @Override
        public void stop() {
            try (Connection c = ReplicaServers.primary(); Statement st = c.createStatement()) {
                st.execute("drop schema if exists " + NAME + " cascade");
            } catch (Exception e) {
                System.err.println("Could not drop schema " + NAME + ": " + e.getMessage());
            }
        }
    }
}
