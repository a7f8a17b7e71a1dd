package io.scalableapi.tokencache;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;

/**
 * quarkus-oidc puts the verifying request's RoutingContext (and its blocking-API context) into the identity it makes.
 * A cached identity must not keep that request alive for minutes, nor hand it to the next request: it is cached without
 * them and gets the presenting request's own on every hit. Everything else (principal with its claims, roles,
 * credentials, permissions, the other attributes) is the verified identity's.
 */
final class RequestBinding {

    private static final String ROUTING_CONTEXT = RoutingContext.class.getName();
    private static final String BLOCKING_CONTEXT = AuthenticationRequestContext.class.getName();

    private RequestBinding() {
    }

    /** The verified identity without the attributes of the request that verified it. */
    static SecurityIdentity detach(SecurityIdentity verified) {
        Map<String, Object> attributes = new HashMap<>(verified.getAttributes());
        attributes.remove(ROUTING_CONTEXT);
        attributes.remove(BLOCKING_CONTEXT);
        return copy(verified, attributes).build();
    }

    /** The cached identity as the request presenting its token again would have got it from quarkus-oidc. */
    static SecurityIdentity attach(SecurityIdentity detached, RoutingContext request) {
        QuarkusSecurityIdentity.Builder builder = copy(detached, detached.getAttributes())
                .addAttribute(ROUTING_CONTEXT, request);
        Object blocking = request.get(BLOCKING_CONTEXT);
        if (blocking != null) {
            builder.addAttribute(BLOCKING_CONTEXT, blocking);
        }
        return builder.build();
    }

    // Not QuarkusSecurityIdentity.builder(identity): it adds a permission checker delegating to the source identity,
    // which would keep the verifying request reachable. OIDC's permissions are plain possessed permissions (token
    // scopes), which the builder checks itself once they are added.
    private static QuarkusSecurityIdentity.Builder copy(SecurityIdentity source, Map<String, Object> attributes) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(source.getPrincipal())
                .addRoles(source.getRoles())
                .addCredentials(source.getCredentials())
                .addPermissions(source.getPermissions())
                .addAttributes(attributes)
                .setAnonymous(source.isAnonymous());
    }
}
