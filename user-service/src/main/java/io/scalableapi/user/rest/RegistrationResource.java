package io.scalableapi.user.rest;

import io.scalableapi.user.config.UserServiceConfig;
import io.scalableapi.user.domain.RegistrationService;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Self-service sign-up, open to anonymous callers. Every valid request gets the same 202, whether the username and
 * email were free or taken (no Location, no id): the answer must not tell strangers who is registered. The person
 * learns the outcome from the mail Keycloak sends to the address (a verification link), follows it, then signs in.
 */
@Path("/api/v1/users/registrations")
@PermitAll
public class RegistrationResource {
    private final RegistrationService registrations;
    private final UserServiceConfig config;

    RegistrationResource(RegistrationService registrations, UserServiceConfig config) {
        this.registrations = registrations;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "register",
            summary = "Register: 202 for every valid request, whether the username or email is free or taken",
            description = "When both are free, creates the Keycloak user (role user, email unverified) and the profile, "
                    + "and Keycloak mails a verification link to the address. The account gets no token until the link "
                    + "was followed. When either is taken nothing is created or sent, and the answer is the same 202, "
                    + "byte for byte: the outcome is told only by mail. Next: follow the link in the mail, then sign in "
                    + "at Keycloak. 400 names a field that is malformed or that the realm's password policy refuses; "
                    + "503 with Retry-After when Keycloak or the mail cannot be reached (nothing is left behind).")
    @APIResponse(responseCode = "202", description = "Accepted; the outcome comes by mail",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RegistrationAccepted.class)))
    @APIResponse(responseCode = "400", description = "A field is malformed or refused by the password policy",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "503", description = "Keycloak or the mail server is unavailable; retry after Retry-After",
            content = @Content(mediaType = "application/problem+json"))
    public Response register(@Valid @NotNull RegistrationRequest body) {
        registrations.register(body.toRegistration(config.defaultLocale()));
        return Response.accepted(RegistrationAccepted.INSTANCE).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }
}
