package io.scalableapi.defaults.errors;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Map;
import org.hibernate.exception.JDBCConnectionException;

/**
 * Whether a failure means the database could not be reached (down, restarting, connection lost, no connection to be
 * had from the pool) or did not answer in time (a statement cancelled by {@code statement_timeout}), as opposed to a
 * bug or a rejected statement. Such a failure is the server's condition, not the
 * request's: the services answer 503 with Retry-After, and the transaction it interrupted did not commit.
 */
public final class DatabaseUnavailable {
    /**
     * SQL standard class 08 (connection exception); PostgreSQL 57P01-57P03 (shut down, crashed, not accepting) and
     * 57014 (query_canceled: the statement ran past {@code statement_timeout}, which each service sets below the
     * gateway's timeout so that the answer is a 503, not a 504 after the client gave up).
     */
    private static final String CONNECTION_CLASS = "08";
    private static final String[] POSTGRES_NOT_AVAILABLE = {"57P01", "57P02", "57P03", "57014"};

    private DatabaseUnavailable() {
    }

    public static boolean causes(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof JDBCConnectionException || t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && isConnectionState(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isConnectionState(String state) {
        if (state == null) {
            return false;
        }
        if (state.startsWith(CONNECTION_CLASS)) {
            return true;
        }
        for (String s : POSTGRES_NOT_AVAILABLE) {
            if (s.equals(state)) {
                return true;
            }
        }
        return false;
    }
}
