package io.scalableapi.gateway.docs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What the merged document ({@code /api/docs/openapi.json}) tells clients about where to call and how to sign in, under
 * {@code gateway.docs.*}. The URLs are the ones a client's browser or SDK reaches, not the in-cluster names.
 */
@ConfigMapping(prefix = "gateway.docs")
public interface DocsConfig {

    /**
     * The gateway's public base URL, the document's only server. The default {@code /} means "where this document was
     * read from", which is right for Swagger UI at /api/docs and for a client that read the document from the gateway.
     */
    @WithDefault("/")
    String serverUrl();

    /** Keycloak's authorization endpoint as browsers reach it (authorization code flow with PKCE, Swagger UI's Authorize). */
    @WithDefault("http://127.0.0.1:8180/realms/platform/protocol/openid-connect/auth")
    String authorizationUrl();

    /** Keycloak's token endpoint as clients reach it. */
    @WithDefault("http://127.0.0.1:8180/realms/platform/protocol/openid-connect/token")
    String tokenUrl();
}
