package io.scalableapi.cache.domain;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * Warm-up jobs in cache-service's database (table {@code warm_up}), so a status read on any replica sees a job another
 * replica runs. Every write of the running replica names it ({@code owner}) and only succeeds while the job is still
 * RUNNING under that owner: once another replica declared the job abandoned, the late owner's writes change nothing
 * and it stops. Times are the database's ({@code now()}), so replicas' clocks do not matter. Each method is one
 * statement in auto-commit, except {@link #find}, whose two statements are each safe to run alone.
 */
@ApplicationScoped
public class WarmUpStore {
    static final String ABANDONED = "abandoned: the replica running it stopped renewing its lease";
    private static final String COLUMNS = "id::text, cache, requested, processed, loaded, skipped, status, detail, "
            + "started_at, finished_at";

    private final AgroalDataSource db;

    WarmUpStore(AgroalDataSource db) {
        this.db = db;
    }

    public void create(WarmUp job, String owner) {
        update("insert into warm_up (id, cache, requested, status, owner) values (?, ?, ?, 'RUNNING', ?)",
                UUID.fromString(job.id()), job.cache(), job.requested(), owner);
    }

    /** Records progress and renews the lease; false when the job is no longer this replica's to run. */
    public boolean progress(String id, String owner, int processed, int loaded, int skipped) {
        return update("update warm_up set processed = ?, loaded = ?, skipped = ?, heartbeat_at = now() "
                + "where id = ? and owner = ? and status = 'RUNNING'",
                processed, loaded, skipped, UUID.fromString(id), owner) == 1;
    }

    /** Ends the job; false when it had already been declared abandoned. */
    public boolean finish(String id, String owner, WarmUp.Status status, String detail) {
        return update("update warm_up set status = ?, detail = ?, finished_at = now(), heartbeat_at = now() "
                + "where id = ? and owner = ? and status = 'RUNNING'",
                status.name(), detail, UUID.fromString(id), owner) == 1;
    }

    /** Renews the lease of every job of this replica, queued ones included; returns how many it holds. */
    public int heartbeat(String owner) {
        return update("update warm_up set heartbeat_at = now() where owner = ? and status = 'RUNNING'", owner);
    }

    /** Fails this replica's unfinished jobs at once (it is stopping), rather than after the lease. */
    public int release(String owner, String why) {
        return update("update warm_up set status = 'FAILED', detail = ?, finished_at = now() "
                + "where owner = ? and status = 'RUNNING'", why, owner);
    }

    /** Fails RUNNING jobs whose replica has not renewed the lease within {@code lease}. */
    public int abandonExpired(Duration lease) {
        return update("update warm_up set status = 'FAILED', detail = ?, finished_at = heartbeat_at "
                + "where status = 'RUNNING' and heartbeat_at < now() - make_interval(secs => ?)",
                ABANDONED, seconds(lease));
    }

    public int forgetFinishedBefore(Duration keep) {
        return update("delete from warm_up where finished_at < now() - make_interval(secs => ?)", seconds(keep));
    }

    /** The job as every replica sees it; a job past its lease is declared abandoned first. */
    public Optional<WarmUp> find(String id, Duration lease) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        update("update warm_up set status = 'FAILED', detail = ?, finished_at = heartbeat_at "
                + "where id = ? and status = 'RUNNING' and heartbeat_at < now() - make_interval(secs => ?)",
                ABANDONED, uuid, seconds(lease));
        try (Connection c = db.getConnection();
                PreparedStatement q = c.prepareStatement("select " + COLUMNS + " from warm_up where id = ?")) {
            q.setObject(1, uuid);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read warm-up " + id + ": " + e.getMessage(), e);
        }
    }

    private static WarmUp row(ResultSet rs) throws SQLException {
        OffsetDateTime finished = rs.getObject(10, OffsetDateTime.class);
        return new WarmUp(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getInt(5), rs.getInt(6),
                WarmUp.Status.valueOf(rs.getString(7)), rs.getString(8), rs.getObject(9, OffsetDateTime.class).toInstant(),
                finished == null ? null : finished.toInstant());
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private int update(String sql, Object... params) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Warm-up store: " + e.getMessage(), e);
        }
    }
}
