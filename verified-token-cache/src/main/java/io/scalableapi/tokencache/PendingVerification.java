package io.scalableapi.tokencache;

/**
 * Left on a TokenAuthenticationRequest the cache could not answer, for {@link VerifiedIdentityRecorder} to cache what
 * quarkus-oidc makes of it: the digest is computed once per request, and the token lets the recorder make sure the
 * identity it sees is the one of this token.
 */
record PendingVerification(TokenDigest digest, String tenantId, String token) {

    static final String ATTRIBUTE = PendingVerification.class.getName();

    @Override
    public String toString() {
        return "PendingVerification[" + digest + ", tenant " + tenantId + "]";
    }
}
