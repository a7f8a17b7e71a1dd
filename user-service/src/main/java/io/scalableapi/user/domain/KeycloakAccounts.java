package io.scalableapi.user.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scalableapi.contracts.errors.Problem;
import io.scalableapi.contracts.errors.ProblemType;
import io.scalableapi.defaults.errors.ApiException;
import io.scalableapi.user.config.UserServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.UsersResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * {@link IdentityAccounts} on the Keycloak Admin REST API, as the confidential client {@code user-service} whose
 * service account may manage users (client_credentials; see {@code quarkus.keycloak.admin-client.*}).
 */
@ApplicationScoped
public class KeycloakAccounts implements IdentityAccounts {
    private static final Logger LOG = Logger.getLogger(KeycloakAccounts.class);

    private final Keycloak keycloak;
    private final String realm;
    private final ObjectMapper json;
    private final KeycloakCalls calls;

    private final UserServiceConfig config;

    KeycloakAccounts(Keycloak keycloak, @ConfigProperty(name = "quarkus.keycloak.admin-client.realm") String realm,
            ObjectMapper json, UserServiceConfig config, KeycloakCalls calls) {
        this.keycloak = keycloak;
        this.realm = realm;
        this.json = json;
        this.config = config;
        this.calls = calls;
    }

    @Override
    public Optional<UUID> create(NewAccount account) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(account.username());
        user.setEmail(account.email());
        user.setEnabled(true);
        user.setEmailVerified(false);
        // Set on the account itself, not only through the realm's verifyEmail: no token before the mail's link.
        user.setRequiredActions(List.of(UserModelActions.VERIFY_EMAIL));
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(account.password());
        password.setTemporary(false);
        user.setCredentials(List.of(password));
        try (Response response = call(() -> users().create(user))) {
            int status = response.getStatus();
            if (status == 201) {
                return Optional.of(UUID.fromString(CreatedResponseUtil.getCreatedId(response)));
            }
            if (status == 409) {
                // Username or email taken: the caller answers exactly as for a new account (who is registered is
                // nobody's business), so which one it was is not even read.
                response.bufferEntity();
                return Optional.empty();
            }
            throw rejected(status, readError(response));
        }
    }

    @Override
    public void sendVerificationMail(UUID userId) {
        int lifespan = (int) Math.min(Integer.MAX_VALUE, config.verificationLinkLifespan().toSeconds());
        call(() -> {
            users().get(userId.toString()).sendVerifyEmail(lifespan);
            return null;
        });
    }

    @Override
    public void grantRealmRole(UUID userId, String role) {
        // The service account may map roles but not read the realm's roles, so the role comes from the user's
        // assignable ones.
        var roles = users().get(userId.toString()).roles().realmLevel();
        RoleRepresentation granted = call(roles::listAvailable).stream()
                .filter(r -> role.equals(r.getName())).findFirst()
                .orElseThrow(() -> new IllegalStateException("Realm role '" + role + "' does not exist or is not assignable"));
        call(() -> {
            roles.add(List.of(granted));
            return null;
        });
    }

    @Override
    public void remove(UUID userId) {
        try (Response response = call(() -> users().delete(userId.toString()))) {
            int status = response.getStatus();
            if (status != 204 && status != 404) {
                throw unavailable("Keycloak answered " + status + " when removing a user");
            }
        } catch (ApiException e) {
            if (e.problem().status() != 404) {
                throw e;
            }
        }
    }

    @Override
    public Optional<Map<String, Object>> export(UUID userId) {
        UserRepresentation user;
        try {
            user = call(() -> users().get(userId.toString()).toRepresentation());
        } catch (ApiException e) {
            if (e.problem().status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("username", user.getUsername());
        account.put("email", user.getEmail());
        account.put("emailVerified", user.isEmailVerified());
        account.put("firstName", user.getFirstName());
        account.put("lastName", user.getLastName());
        account.put("enabled", user.isEnabled());
        account.put("createdAt", user.getCreatedTimestamp() == null ? null
                : Instant.ofEpochMilli(user.getCreatedTimestamp()).atOffset(ZoneOffset.UTC));
        account.put("attributes", user.getAttributes() == null ? Map.of() : user.getAttributes());
        account.put("realmRoles", call(() -> users().get(userId.toString()).roles().realmLevel().listAll()).stream()
                .map(RoleRepresentation::getName).sorted().toList());
        return Optional.of(account);
    }

    private UsersResource users() {
        return keycloak.realm(realm).users();
    }

    /**
     * Runs one Admin API call. Depending on the method's return type the client either returns the error response
     * or throws it; both end here as an {@link ApiException} or a response to inspect. Each call has a deadline and
     * goes through a circuit breaker ({@link KeycloakCalls}); either giving up is Keycloak being unavailable.
     */
    private <T> T call(Supplier<T> request) {
        try {
            return calls.call(request);
        } catch (TimeoutException e) {
            throw unavailable("Keycloak did not answer within the deadline");
        } catch (CircuitBreakerOpenException e) {
            throw unavailable("Keycloak calls are suspended after repeated failures (circuit breaker open)");
        } catch (WebApplicationException e) {
            Response response = e.getResponse();
            if (response != null && response.getStatus() == 404) {
                throw ApiException.notFound("The account");
            }
            if (response != null && response.getStatus() < 500) {
                throw rejected(response.getStatus(), readError(response));
            }
            throw unavailable("Keycloak answered " + (response == null ? "nothing" : response.getStatus()));
        } catch (ProcessingException e) {
            throw unavailable("Keycloak cannot be reached: " + e.getMessage());
        }
    }

    /** Translates Keycloak's refusal into the client's problem; Keycloak's own message is the most precise. */
    private ApiException rejected(int status, KeycloakError error) {
        if (status == 400) {
            return new ApiException(ProblemType.VALIDATION, "The identity provider rejected the registration",
                    List.of(new Problem.FieldError(error.field(), error.message())));
        }
        LOG.warnf("Keycloak refused a user operation with %d: %s", status, error.message());
        return unavailable("Keycloak answered " + status);
    }

    private KeycloakError readError(Response response) {
        String body = "";
        try {
            body = response.hasEntity() ? response.readEntity(String.class) : "";
            JsonNode node = json.readTree(body.isBlank() ? "{}" : body);
            String code = node.path("error").asText(node.path("errorMessage").asText(""));
            String description = node.path("error_description").asText(node.path("errorMessage").asText(code));
            return new KeycloakError(fieldOf(code + " " + description), description.isBlank() ? "rejected" : description);
        } catch (Exception e) {
            return new KeycloakError("request", body.isBlank() ? "rejected" : body);
        }
    }

    /** Which request field a Keycloak error is about, from its key, e.g. {@code invalidPasswordMinLengthMessage}. */
    static String fieldOf(String keycloakError) {
        String lower = keycloakError.toLowerCase(Locale.ROOT);
        if (lower.contains("password")) {
            return "password";
        }
        if (lower.contains("email")) {
            return "email";
        }
        if (lower.contains("username")) {
            return "username";
        }
        return "request";
    }

    private static ApiException unavailable(String why) {
        LOG.warn(why);
        return new ApiException(Problem.of(ProblemType.SERVICE_UNAVAILABLE,
                "The identity provider is unavailable; try again shortly"), Map.of("Retry-After", "5"));
    }

    record KeycloakError(String field, String message) {
    }

    /** Keycloak's names of required actions (its enum lives in the server, not in the admin client). */
    static final class UserModelActions {
        static final String VERIFY_EMAIL = "VERIFY_EMAIL";

        private UserModelActions() {
        }
    }
}
