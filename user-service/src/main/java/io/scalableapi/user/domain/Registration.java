package io.scalableapi.user.domain;

/** A validated registration: the account to create in Keycloak and the profile that goes with it. */
public record Registration(String username, String email, String password, String displayName, String locale,
        boolean marketingConsent) {

    @Override
    public String toString() {
        return "Registration[username=" + username + "]";
    }
}
