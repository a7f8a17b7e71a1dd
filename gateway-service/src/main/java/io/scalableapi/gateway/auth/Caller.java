package io.scalableapi.gateway.auth;

import io.quarkus.security.identity.SecurityIdentity;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, as far as the edge cares: anonymous or a validated token, and the key the rate limiter counts against
 * (the token's subject, the client id for service accounts, the client address for anonymous callers).
 */
public record Caller(SecurityIdentity identity, boolean authenticated, String rateLimitKey) {

    public static Caller anonymous(SecurityIdentity identity, String clientAddress) {
        return new Caller(identity, false, "ip:" + clientAddress);
    }

    public static Caller of(SecurityIdentity identity) {
        return new Caller(identity, true, keyFor(identity));
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
            Object value = jwt.getClaim(name);
            return value == null ? null : value.toString().replace("\"", "");
        }
        return null;
    }

    private static String keyFor(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object clientId = jwt.getClaim("client_id");
            String username = jwt.getClaim("preferred_username");
            if (clientId != null || username != null && username.startsWith("service-account-")) {
                // Service accounts share one subject per client: key on the client so each client has its own budget.
                Object azp = clientId != null ? clientId : jwt.getClaim("azp");
                return "client:" + azp.toString().replace("\"", "");
            }
            if (jwt.getSubject() != null) {
                return "sub:" + jwt.getSubject();
            }
        }
        return "principal:" + identity.getPrincipal().getName();
    }
}
