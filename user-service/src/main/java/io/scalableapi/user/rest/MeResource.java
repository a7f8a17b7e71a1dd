package io.scalableapi.user.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scalableapi.contracts.errors.ProblemType;
import io.scalableapi.contracts.user.UserProfileV1;
import io.scalableapi.defaults.errors.ApiException;
import io.scalableapi.user.domain.DataExport;
import io.scalableapi.user.domain.ErasureService;
import io.scalableapi.user.domain.NewProfile;
import io.scalableapi.user.domain.ProfileCache;
import io.scalableapi.user.domain.ProfileEdit;
import io.scalableapi.user.domain.ProfileService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The caller's own profile. Reads are served from the shared cache and revalidated with {@code If-None-Match};
 * changes need {@code If-Match} (428 without, 412 when stale) so two devices never overwrite each other silently.
 *
 * <p>Erasure ({@code DELETE}) honours {@code If-Match} when sent but does not require it: erasing is a right that
 * must not fail because another device edited the profile a moment ago, and nothing of the profile survives it.
 */
@Path("/api/v1/users/me")
@RolesAllowed("user")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {
    static final String MERGE_PATCH = "application/merge-patch+json";

    private final JsonWebToken token;
    private final Callers callers;
    private final ProfileService profiles;
    private final ProfileCache cache;
    private final ErasureService erasure;
    private final DataExport export;
    private final ObjectMapper json;
    private final Validator validator;

    MeResource(JsonWebToken token, Callers callers, ProfileService profiles, ProfileCache cache, ErasureService erasure,
            DataExport export, ObjectMapper json, Validator validator) {
        this.token = token;
        this.callers = callers;
        this.profiles = profiles;
        this.cache = cache;
        this.erasure = erasure;
        this.export = export;
        this.json = json;
        this.validator = validator;
    }

    @GET
    @Operation(operationId = "getMe", summary = "Your profile; created from your token on the first call")
    @APIResponse(responseCode = "200", description = "Your profile", headers = @Header(name = "ETag", description = "The version, for If-Match and If-None-Match", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserProfileV1.class)))
    @APIResponse(responseCode = "304", description = "Not modified: your copy (If-None-Match) is current")
    public Response get(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        UserProfileV1 profile = current();
        if (EntityTags.noneMatchHits(ifNoneMatch, profile.version())) {
            return PrivateResponses.notModified(profile);
        }
        return PrivateResponses.profile(Response.Status.OK, profile).build();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "replaceMe", summary = "Replace the fields you may change; requires If-Match")
    @APIResponse(responseCode = "200", description = "Your profile as now stored", headers = @Header(name = "ETag", description = "The version, for If-Match and If-None-Match", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserProfileV1.class)))
    public Response replace(@HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Valid @NotNull ProfileReplacement body) {
        var precondition = EntityTags.required(ifMatch);
        return changed(profiles.update(caller(), precondition, body.toEdit()));
    }

    @PATCH
    @Consumes({MERGE_PATCH, MediaType.APPLICATION_JSON})
    @Operation(operationId = "patchMe", summary = "Change some fields (JSON Merge Patch, RFC 7396); requires If-Match")
    @APIResponse(responseCode = "200", description = "Your profile as now stored", headers = @Header(name = "ETag", description = "The version, for If-Match and If-None-Match", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserProfileV1.class)))
    public Response patch(@HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, String body) throws JsonProcessingException {
        var precondition = EntityTags.required(ifMatch);
        JsonNode patch = body == null || body.isBlank() ? null : json.readTree(body);
        if (!(patch instanceof ObjectNode patchObject)) {
            throw new ApiException(ProblemType.MALFORMED_REQUEST, "A merge patch must be a JSON object");
        }
        NewProfile caller = caller();
        UserProfileV1 current = profiles.ensure(caller);
        // Fail before merging: a stale client must re-read, whatever the patch says.
        precondition.check(current.version());
        ObjectNode merged = json.valueToTree(ProfileReplacement.of(new ProfileEdit(current.displayName(),
                current.locale(), current.marketingConsent(), current.preferences())));
        MergePatch.apply(merged, patchObject);
        ProfileReplacement replacement = json.treeToValue(merged, ProfileReplacement.class);
        Set<ConstraintViolation<ProfileReplacement>> violations = validator.validate(replacement);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return changed(profiles.update(caller, precondition, replacement.toEdit()));
    }

    @DELETE
    @Operation(operationId = "eraseMe",
            summary = "Erase your account: profile deleted, login removed, UserDeleted published; If-Match optional")
    @APIResponse(responseCode = "204", description = "Erased")
    public Response erase(@HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        erasure.erase(Callers.userId(token), EntityTags.optional(ifMatch));
        return Response.noContent().header(HttpHeaders.CACHE_CONTROL, PrivateResponses.CACHE_CONTROL).build();
    }

    @GET
    @Path("/export")
    @Operation(operationId = "exportMe", summary = "Everything the platform holds about you, as JSON")
    @APIResponse(responseCode = "200", description = "The export: an object whose members are the kinds of data held",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    public Response exportData() {
        return PrivateResponses.ok(export.export(caller()))
                .header("Content-Disposition", "attachment; filename=\"user-data-export.json\"").build();
    }

    private UserProfileV1 current() {
        return cache.get(Callers.userId(token)).orElseGet(() -> {
            UserProfileV1 loaded = profiles.ensure(caller());
            cache.fill(loaded);
            return loaded;
        });
    }

    private Response changed(UserProfileV1 profile) {
        cache.store(profile);
        return PrivateResponses.profile(Response.Status.OK, profile).build();
    }

    private NewProfile caller() {
        return callers.fromToken(token);
    }
}
