package io.scalableapi.user.domain;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The identity provider's user accounts (Keycloak). An interface so registration's compensation can be tested
 * with a failing profile step and a recording fake, besides the tests against the real Keycloak.
 */
public interface IdentityAccounts {

    /**
     * Creates an enabled account with its password in one call, so a rejected password leaves no account behind. The
     * account's email is unverified and verifying it is a required action: it gets no token until the link of
     * {@link #sendVerificationMail} was followed. Empty when the username or the email is taken (nothing changed).
     * Throws {@code ApiException}: 400 naming the field Keycloak rejected, 503 when Keycloak cannot be reached.
     */
    Optional<UUID> create(NewAccount account);

    /** Has the identity provider mail the account's address a link that verifies it; 503 when that fails. */
    void sendVerificationMail(UUID userId);

    /** Grants a realm role, e.g. {@code user}; 503 when Keycloak fails. */
    void grantRealmRole(UUID userId, String role);

    /** Removes the account; an account that is already gone counts as removed. */
    void remove(UUID userId);

    /** What Keycloak holds about the account, for a data export; empty when there is no such account. */
    Optional<Map<String, Object>> export(UUID userId);

    record NewAccount(String username, String email, String password) {
        @Override
        public String toString() {
            // Never let the password reach a log line.
            return "NewAccount[username=" + username + "]";
        }
    }
}
