package io.scalableapi.user.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.scalableapi.user.NewUsers;
import io.scalableapi.user.TestKeycloak;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The profile insert fails after Keycloak created the account (a trigger in the test database refuses this one
 * username): the account is removed again and neither a profile nor an event is left behind.
 */
@QuarkusTest
class RegistrationCompensationTest {
    @Inject
    AgroalDataSource db;

    private final NewUsers.Person person = NewUsers.person();

    @BeforeEach
    void refuseThisPersonsProfile() throws SQLException {
        execute("create or replace function refuse_test_profile() returns trigger language plpgsql as $$ begin "
                + "if new.username = '" + person.username() + "' then raise exception 'refused by test trigger'; end if; "
                + "return new; end $$");
        execute("drop trigger if exists refuse_test_profile on user_profile");
        execute("create trigger refuse_test_profile before insert on user_profile for each row "
                + "execute function refuse_test_profile()");
    }

    @AfterEach
    void dropTrigger() throws SQLException {
        execute("drop trigger if exists refuse_test_profile on user_profile");
        execute("drop function if exists refuse_test_profile()");
        TestKeycloak.findUser(person.username()).ifPresent(u -> TestKeycloak.deleteUser(
                java.util.UUID.fromString(u.path("id").asText())));
    }

    @Test
    void failedProfileInsertRemovesTheKeycloakAccount() throws SQLException {
        given().contentType(ContentType.JSON).body(person.body()).post("/api/v1/users/registrations")
                .then().statusCode(500).contentType("application/problem+json");

        assertTrue(TestKeycloak.findUser(person.username()).isEmpty(), "the Keycloak account was removed again");
        assertEquals(0, count("select count(*) from user_profile where username = ?"));
        assertEquals(0, count("select count(*) from outbox_event where payload ->> 'username' = ?"));
    }

    private long count(String sql) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, person.username());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
