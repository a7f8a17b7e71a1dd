package io.scalableapi.user.domain;

import io.scalableapi.contracts.user.UserProfileV1;
import io.scalableapi.user.config.UserServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Registers a person: Keycloak account (with password, unverified email and the {@code user} role), the verification
 * mail, then profile and {@code UserRegistered} in one transaction. Two systems cannot share a transaction, so when a
 * step after the account's creation fails, the account is removed again: nobody is left with a login but no profile,
 * and a failed mail leaves no account that could never be verified.
 *
 * <p>A taken username or email changes nothing and is not an error: the caller answers it exactly like a new account,
 * so the route cannot be used to find out who is registered. Only the mail (to the address given) tells the outcome.
 */
@ApplicationScoped
public class RegistrationService {
    private static final Logger LOG = Logger.getLogger(RegistrationService.class);

    private final IdentityAccounts accounts;
    private final ProfileService profiles;
    private final ProfileCache cache;
    private final UserServiceConfig config;

    RegistrationService(IdentityAccounts accounts, ProfileService profiles, ProfileCache cache, UserServiceConfig config) {
        this.accounts = accounts;
        this.profiles = profiles;
        this.cache = cache;
        this.config = config;
    }

    /** The new profile; empty when the username or email was taken (nothing was created or sent). */
    public Optional<UserProfileV1> register(Registration r) {
        Optional<UUID> created = accounts.create(new IdentityAccounts.NewAccount(r.username(), r.email(), r.password()));
        if (created.isEmpty()) {
            // No personal data in the log: the username or email may belong to someone else.
            LOG.info("Registration for a username or email that is taken: nothing created, nothing sent");
            return Optional.empty();
        }
        UUID userId = created.get();
        UserProfileV1 profile;
        try {
            accounts.grantRealmRole(userId, config.registeredRole());
            accounts.sendVerificationMail(userId);
            profile = profiles.createRegistered(new NewProfile(userId, r.username(), r.email(), r.displayName(),
                    r.locale(), r.marketingConsent()));
        } catch (RuntimeException e) {
            compensate(userId, e);
            throw e;
        }
        cache.store(profile);
        return Optional.of(profile);
    }

    private void compensate(UUID userId, RuntimeException cause) {
        try {
            accounts.remove(userId);
            LOG.warnf("Registration of %s failed after its Keycloak account was created; account removed: %s",
                    userId, cause.getMessage());
        } catch (RuntimeException e) {
            // Not harmful: like any account made in Keycloak directly, it gets its profile on its first call.
            LOG.errorf(e, "Registration of %s failed and its Keycloak account could not be removed", userId);
            cause.addSuppressed(e);
        }
    }
}
