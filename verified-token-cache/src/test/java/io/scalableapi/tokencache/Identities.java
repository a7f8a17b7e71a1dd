package io.scalableapi.tokencache;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Identities shaped like quarkus-oidc's (JWT principal, access token credential, the request's RoutingContext). */
final class Identities {

    private Identities() {
    }

    static SecurityIdentity verified(String token, String subject, Long expEpochSecond, RoutingContext request,
            String... roles) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", subject);
        claims.put("plan", "pro");
        if (expEpochSecond != null) {
            claims.put("exp", expEpochSecond);
        }
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new Jwt(claims))
                .addRoles(Set.of(roles))
                .addCredential(new AccessTokenCredential(token))
                .addPermissionAsString("products:read")
                .addAttribute(RoutingContext.class.getName(), request)
                .addAttribute("tenant-id", "Default")
                .build();
    }

    /** A RoutingContext that only answers get(key) from a map (all the cache reads of it). */
    static RoutingContext request(Map<String, Object> data) {
        return (RoutingContext) Proxy.newProxyInstance(Identities.class.getClassLoader(),
                new Class<?>[] { RoutingContext.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "get" -> data.get((String) args[0]);
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "RoutingContext" + data;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    record Jwt(Map<String, Object> claims) implements JsonWebToken {
        @Override
        public String getName() {
            return (String) claims.get("sub");
        }

        @Override
        public Set<String> getClaimNames() {
            return claims.keySet();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String claimName) {
            return (T) claims.get(claimName);
        }
    }
}
