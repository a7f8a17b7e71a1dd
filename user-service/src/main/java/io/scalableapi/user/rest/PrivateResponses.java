package io.scalableapi.user.rest;

import io.scalableapi.contracts.user.UserProfileV1;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * Responses that carry personal data: {@code private, no-store}, so no shared cache (CDN, gateway, proxy) and no
 * browser disk keeps them. Clients revalidate with the ETag instead.
 */
final class PrivateResponses {
    static final String CACHE_CONTROL = "private, no-store";

    private PrivateResponses() {
    }

    static Response.ResponseBuilder ok(Object body) {
        return Response.ok(body).header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
    }

    static Response.ResponseBuilder profile(Response.Status status, UserProfileV1 profile) {
        return Response.status(status).entity(profile).header(HttpHeaders.ETAG, EntityTags.of(profile.version()))
                .header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
    }

    static Response notModified(UserProfileV1 profile) {
        return Response.notModified().header(HttpHeaders.ETAG, EntityTags.of(profile.version()))
                .header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL).build();
    }
}
