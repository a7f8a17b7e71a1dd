package io.scalableapi.user.rest;

/**
 * The one answer to every registration that passed validation, whether the username or email was free or taken: the
 * same status, headers and body, so the route tells nobody who is registered. The outcome arrives by mail.
 */
public record RegistrationAccepted(String status, String next) {
    static final RegistrationAccepted INSTANCE = new RegistrationAccepted("accepted",
            "If the username and email were free, a mail with a verification link is on its way to the address given. "
                    + "Follow the link, then sign in. No mail: the username or the email is already registered; "
                    + "sign in (or reset the password at the sign-in page), or register again with another username.");
}
