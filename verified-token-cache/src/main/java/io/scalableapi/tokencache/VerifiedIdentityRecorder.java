package io.scalableapi.tokencache;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Caches the identity quarkus-oidc made of a token the cache did not know. An augmentor, because the manager runs
 * augmentors only on an identity a provider produced: a token that failed verification never gets here, so it is never
 * cached. It runs first, on the identity exactly as quarkus-oidc made it; a cache hit then goes through all the other
 * augmentors again, like a fresh verification, so both paths end in the same identity.
 */
@ApplicationScoped
public class VerifiedIdentityRecorder implements SecurityIdentityAugmentor {

    private final VerifiedTokenCache cache;

    VerifiedIdentityRecorder(VerifiedTokenCache cache) {
        this.cache = cache;
    }

    @Override
    public int priority() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        return Uni.createFrom().item(identity);
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context,
            Map<String, Object> requestAttributes) {
        if (requestAttributes.get(PendingVerification.ATTRIBUTE) instanceof PendingVerification pending
                && isIdentityOf(identity, pending.token())) {
            cache.put(pending.digest(), pending.tenantId(), RequestBinding.detach(identity));
        }
        return Uni.createFrom().item(identity);
    }

    private static boolean isIdentityOf(SecurityIdentity identity, String token) {
        if (identity.isAnonymous()) {
            return false;
        }
        AccessTokenCredential credential = identity.getCredential(AccessTokenCredential.class);
        return credential != null && token.equals(credential.getToken());
    }
}
