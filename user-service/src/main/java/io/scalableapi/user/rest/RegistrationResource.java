package io.scalableapi.user.rest;

import io.scalableapi.contracts.user.UserProfileV1;
import io.scalableapi.user.config.UserServiceConfig;
import io.scalableapi.user.domain.RegistrationService;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Self-service sign-up, open to anonymous callers. The new person signs in at Keycloak afterwards. */
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
    @Operation(operationId = "register", summary = "Register: creates the Keycloak user (role user) and the profile; 409 if username or email is taken")
    public Response register(@Valid @NotNull RegistrationRequest body) {
        UserProfileV1 profile = registrations.register(body.toRegistration(config.defaultLocale()));
        return PrivateResponses.profile(Response.Status.CREATED, profile)
                .location(URI.create("/api/v1/users/" + profile.id())).build();
    }
}
