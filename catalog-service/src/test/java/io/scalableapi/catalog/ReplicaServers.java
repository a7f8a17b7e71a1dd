package io.scalableapi.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * The machine's PostgreSQL (5432) and the hot standby scripts/infra.sh runs beside it (5433), as the replica tests
 * need them: replay paused and resumed, table statistics read on each server, the standby stopped and started.
 */
final class ReplicaServers {
    static final String DATABASE = "catalog_test";

    private ReplicaServers() {
    }

    /** What one server did to the catalog's tables in one schema, from its own statistics. */
    record TableCounters(long scans, long rowsWritten) {
        TableCounters minus(TableCounters before) {
            return new TableCounters(scans - before.scans, rowsWritten - before.rowsWritten);
        }
    }

    static Connection primary() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + DATABASE, "postgres", "");
    }

    static Connection replica() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5433/" + DATABASE, "postgres", "");
    }

    static void pauseReplay() {
        execute("select pg_wal_replay_pause()");
    }

    static void resumeReplay() {
        execute("select pg_wal_replay_resume()");
    }

    /**
     * Scans (sequential + index: one per table a statement reads) and rows written on product and category. A
     * backend reports its counts when it ends or idles; the caller closes the pools' connections first.
     */
    static TableCounters counters(Connection server, String schema) throws SQLException {
        try (Statement st = server.createStatement(); ResultSet rs = st.executeQuery(
                "select coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0), coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)"
                        + " from pg_stat_user_tables where schemaname = '" + schema + "' and relname in ('product', 'category')")) {
            rs.next();
            return new TableCounters(rs.getLong(1), rs.getLong(2));
        }
    }

    /** Stops ({@code down}) or starts ({@code up}) the standby through scripts/infra.sh, keeping its slot meanwhile. */
    static String replicaServer(String verb) {
        Path root = repositoryRoot();
        ProcessBuilder builder = new ProcessBuilder(root.resolve("scripts/infra.sh").toString(), verb, "postgres-replica")
                .directory(root.toFile()).redirectErrorStream(true);
        builder.environment().remove("INFRA_STARTED_FILE");
        builder.environment().put("REPLICA_KEEP_SLOT", "1");
        try {
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("scripts/infra.sh " + verb + " postgres-replica failed: "
                        + new String(output, StandardCharsets.UTF_8));
            }
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("Not inside the repository");
        }
        return dir;
    }

    private static void execute(String sql) {
        try (Connection c = replica(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " on the replica", e);
        }
    }
}
