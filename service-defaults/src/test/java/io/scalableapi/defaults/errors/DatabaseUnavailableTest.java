package io.scalableapi.defaults.errors;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.JDBCConnectionException;
import org.hibernate.exception.SQLGrammarException;
import org.junit.jupiter.api.Test;

class DatabaseUnavailableTest {

    @Test
    void unreachableDatabaseIsRecognisedThroughWrappers() {
        // What Hibernate throws when Agroal cannot open a connection (seen with PostgreSQL cut away).
        var cannotConnect = new JDBCConnectionException("Unable to acquire JDBC Connection",
                new SQLException("The connection attempt failed.", "08001"));
        assertTrue(DatabaseUnavailable.causes(new RuntimeException("wrapped", cannotConnect)));
        // A connection lost mid-statement: PostgreSQL's driver says 08006, whoever wraps it.
        assertTrue(DatabaseUnavailable.causes(new IllegalStateException(
                new SQLException("An I/O error occurred while sending to the backend.", "08006"))));
        assertTrue(DatabaseUnavailable.causes(new SQLTransientConnectionException("pool exhausted")));
        assertTrue(DatabaseUnavailable.causes(new SQLException("terminating connection due to administrator command",
                "57P01")));
        assertTrue(DatabaseUnavailable.causes(new SQLException("canceling statement due to statement timeout",
                "57014")));
    }

    @Test
    void otherDatabaseFailuresAreNot() {
        assertFalse(DatabaseUnavailable.causes(new ConstraintViolationException("duplicate key",
                new SQLException("duplicate key value violates unique constraint", "23505"), "pk")));
        assertFalse(DatabaseUnavailable.causes(new SQLGrammarException("bad sql",
                new SQLException("relation does not exist", "42P01"))));
        assertFalse(DatabaseUnavailable.causes(new SQLException("no state")));
        assertFalse(DatabaseUnavailable.causes(new NullPointerException()));
    }

    @Test
    void aCauseCycleEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertFalse(DatabaseUnavailable.causes(a));
    }

    @Test
    void theMapperAnswers503WithRetryAfterInsteadOf500() {
        var response = new ProblemMappers().unexpected(new JDBCConnectionException("Unable to acquire JDBC Connection",
                new SQLException("The connection attempt failed.", "08001")), null);
        org.junit.jupiter.api.Assertions.assertEquals(503, response.getStatus());
        org.junit.jupiter.api.Assertions.assertEquals(ProblemMappers.DATABASE_RETRY_AFTER,
                response.getHeaderString("Retry-After"));
    }
}
