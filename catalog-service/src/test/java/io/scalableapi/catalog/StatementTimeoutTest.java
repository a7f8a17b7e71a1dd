package io.scalableapi.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.scalableapi.defaults.errors.DatabaseUnavailable;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Both datasources cancel a statement after 4 s, below the gateway's 5 s upstream timeout, and the cancellation counts
 * as the database not answering (503), not as a bug (500).
 */
@QuarkusTest
class StatementTimeoutTest {
    @Inject
    AgroalDataSource primary;

    @Inject
    @DataSource("replica")
    AgroalDataSource replica;

    @Test
    void aStatementIsCancelledBeforeTheGatewayGivesUp() {
        for (AgroalDataSource pool : new AgroalDataSource[] {primary, replica}) {
            long start = System.nanoTime();
            SQLException e = assertThrows(SQLException.class, () -> {
                try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
                    st.execute("select pg_sleep(6)");
                }
            });
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals("57014", e.getSQLState(), e.getMessage());
            assertTrue(ms >= 3_900 && ms < 5_000, "cancelled after about 4 s: " + ms + " ms");
            assertTrue(DatabaseUnavailable.causes(e));
        }
    }
}
