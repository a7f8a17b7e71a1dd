package io.scalableapi.user.domain;

import io.scalableapi.defaults.errors.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Erases a person: profile deleted and tombstoned with the {@code UserDeleted} event in one transaction, the cache
 * entry replaced by a tombstone at the erasure's version, then the Keycloak user removed. The database goes first
 * because it is the part that must be atomic with the event; if Keycloak fails afterwards the person is already gone
 * from the platform and {@link ErasureRetry} removes the login later.
 */
@ApplicationScoped
public class ErasureService {
    private static final Logger LOG = Logger.getLogger(ErasureService.class);

    private final ProfileService profiles;
    private final ProfileCache cache;
    private final IdentityAccounts accounts;

    ErasureService(ProfileService profiles, ProfileCache cache, IdentityAccounts accounts) {
        this.profiles = profiles;
        this.cache = cache;
        this.accounts = accounts;
    }

    public void erase(UUID userId, IfMatch precondition) {
        long erasedVersion = profiles.erase(userId, precondition);
        cache.tombstone(userId, erasedVersion);
        removeIdentity(userId);
    }

    /** Removes the Keycloak user and records it; false when Keycloak failed and a retry is due. */
    boolean removeIdentity(UUID userId) {
        try {
            accounts.remove(userId);
            profiles.markIdentityRemoved(userId);
            return true;
        } catch (ApiException e) {
            LOG.warnf("Erased user %s still has a Keycloak account; will retry: %s", userId, e.getMessage());
            return false;
        }
    }
}
