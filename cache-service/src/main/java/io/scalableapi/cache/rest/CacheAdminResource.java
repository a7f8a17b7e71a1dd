package io.scalableapi.cache.rest;

import io.scalableapi.cache.domain.CacheAdmin;
import io.scalableapi.cache.domain.CacheOverview;
import io.scalableapi.cache.domain.WarmUp;
import io.scalableapi.cache.domain.WarmUps;
import io.scalableapi.defaults.errors.ApiException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Operator API over the platform caches (the gateway routes {@code /api/v1/cache} here). Admins only. */
@Path("/api/v1/cache")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class CacheAdminResource {
    /** Longest key accepted for eviction; platform keys are ids and short normalised queries. */
    static final int MAX_KEY_LENGTH = 512;

    private final CacheAdmin admin;
    private final WarmUps warmUps;

    CacheAdminResource(CacheAdmin admin, WarmUps warmUps) {
        this.admin = admin;
        this.warmUps = warmUps;
    }

    @GET
    @Path("caches")
    @Operation(operationId = "listCaches", summary = "The platform caches and their state")
    public CacheList list() {
        return new CacheList(admin.list());
    }

    @GET
    @Path("caches/{name}")
    @Operation(operationId = "getCache", summary = "One cache: declaration, state and statistics")
    public CacheOverview one(@PathParam("name") String name) {
        return admin.overview(name);
    }

    @DELETE
    @Path("caches/{name}/entries/{key}")
    @Operation(operationId = "evictCacheEntry", summary = "Evict one entry")
    @APIResponse(responseCode = "204", description = "Evicted (or was not there)")
    public Response evict(@PathParam("name") String name, @PathParam("key") String key) {
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw ApiException.badField("key", "must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
        admin.evict(name, key);
        return Response.noContent().build();
    }

    @DELETE
    @Path("caches/{name}/entries")
    @Operation(operationId = "clearCache", summary = "Remove every entry of a cache")
    @APIResponse(responseCode = "204", description = "Cleared")
    public Response clear(@PathParam("name") String name) {
        admin.clear(name);
        return Response.noContent().build();
    }

    @POST
    @Path("caches/{name}/warm-ups")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "startWarmUp", summary = "Load a cache from its source service; poll the returned job")
    @APIResponse(responseCode = "202", description = "Started; Location names the job",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WarmUp.class)))
    public Response warm(@PathParam("name") String name, @Valid @NotNull WarmUpRequest request,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        admin.requireDeclared(name);
        // The caller's token goes to the source service, so the warm-up reads only what this admin may read.
        WarmUp job = warmUps.start(name, request.count(), Optional.ofNullable(authorization));
        return Response.accepted(job).location(URI.create("/api/v1/cache/warm-ups/" + job.id())).build();
    }

    @GET
    @Path("warm-ups/{id}")
    @Operation(operationId = "getWarmUp", summary = "A warm-up job and its progress")
    public WarmUp warmUp(@PathParam("id") String id) {
        return warmUps.find(id).orElseThrow(() -> ApiException.notFound("Warm-up " + id));
    }

    /** The list response: an object, so fields can be added later without breaking clients. */
    public record CacheList(List<CacheOverview> items) {
    }
}
