package io.scalableapi.gateway.auth;

import io.quarkus.oidc.runtime.OidcJwtCallerPrincipal;
import io.quarkus.security.identity.SecurityIdentity;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, as far as the edge cares: anonymous or a validated token. Which of its names a rate limit counts
 * against is the policy's choice (its key mode, see RateLimitKeys): the subject key here, the client key, or neither
 * and the client address.
 *
 * @param subjectKey the token's subject ({@code sub:...}; the client, {@code client:...}, for service accounts, which
 *        share one subject per client); null when anonymous
 */
public record Caller(SecurityIdentity identity, boolean authenticated, String subjectKey) {

    public static Caller anonymous(SecurityIdentity identity) {
        return new Caller(identity, false, null);
    }

    public static Caller of(SecurityIdentity identity) {
        return new Caller(identity, true, keyFor(identity));
    }

    /**
     * The OAuth client the token was issued to ({@code client:...}: its {@code client_id}, else {@code azp}), so that
     * every person using one application shares its budget; the subject key when the token names no client.
     */
    public String clientKey() {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object client = claimOf(jwt, "client_id");
            if (client == null) {
                client = claimOf(jwt, "azp");
            }
            if (client != null) {
                return "client:" + client.toString().replace("\"", "");
            }
        }
        return subjectKey;
    }

    public boolean hasAllRoles(Set<String> roles) {
        for (String role : roles) {
            if (!identity.hasRole(role)) {
                return false;
            }
        }
        return true;
    }

    /** The value of a token claim as text, or null. */
    public String claim(String name) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object value = claimOf(jwt, name);
            return value == null ? null : value.toString().replace("\"", "");
        }
        return null;
    }

    private static String keyFor(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object clientId = claimOf(jwt, "client_id");
            Object username = claimOf(jwt, "preferred_username");
            if (clientId != null || username != null && username.toString().startsWith("service-account-")) {
                // Service accounts share one subject per client: key on the client so each client has its own budget.
                Object azp = clientId != null ? clientId : claimOf(jwt, "azp");
                return "client:" + azp.toString().replace("\"", "");
            }
            if (jwt.getSubject() != null) {
                return "sub:" + jwt.getSubject();
            }
        }
        return "principal:" + identity.getPrincipal().getName();
    }

    /**
     * A claim's value read from the token's claim set. JsonWebToken.getClaim looks every name up in the standard claims
     * enum first and, for any other name (client_id, a tier claim), pays for an IllegalArgumentException with its stack
     * trace on every call; on the gateway's per-request path that was the largest part of what a bearer token cost.
     */
    static Object claimOf(JsonWebToken jwt, String name) {
        if (jwt instanceof OidcJwtCallerPrincipal oidc) {
            return oidc.getClaims().getClaimValue(name);
        }
        return jwt.getClaim(name);
    }
}
