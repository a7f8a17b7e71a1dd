package io.scalableapi.user.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Keycloak's refusals name the request field the client must fix. */
class KeycloakAccountsTest {

    @Test
    void passwordPolicyErrorsNameThePassword() {
        assertEquals("password", KeycloakAccounts.fieldOf("invalidPasswordMinLengthMessage Invalid password: minimum length 10."));
        assertEquals("password", KeycloakAccounts.fieldOf("invalidPasswordNotEmailMessage Invalid password: must not be equal to the email."));
    }

    @Test
    void otherErrorsNameTheirField() {
        assertEquals("email", KeycloakAccounts.fieldOf("error-invalid-email"));
        assertEquals("username", KeycloakAccounts.fieldOf("error-username-invalid-character"));
        assertEquals("request", KeycloakAccounts.fieldOf("unknown_error"));
    }
}
