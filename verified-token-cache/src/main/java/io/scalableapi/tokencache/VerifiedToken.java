package io.scalableapi.tokencache;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * A token quarkus-oidc verified: the identity it made (detached from the request that verified it), the OIDC tenant it
 * was verified for, and the wall-clock instant after which it is never served, min(exp, verification + max TTL).
 */
record VerifiedToken(SecurityIdentity identity, String tenantId, long expiresAtMillis) {
}
