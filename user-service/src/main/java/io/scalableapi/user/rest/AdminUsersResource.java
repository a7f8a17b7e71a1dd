package io.scalableapi.user.rest;

import io.scalableapi.contracts.user.UserPageV1;
import io.scalableapi.contracts.user.UserProfileV1;
import io.scalableapi.defaults.errors.ApiException;
import io.scalableapi.user.config.UserServiceConfig;
import io.scalableapi.user.domain.Cursor;
import io.scalableapi.user.domain.ProfileCache;
import io.scalableapi.user.domain.ProfileService;
import io.scalableapi.user.domain.UserSearch;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Administrators' view of all profiles. Everyone else gets 403, whoever's id they ask for. */
@Path("/api/v1/users")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminUsersResource {
    private static final int MAX_QUERY = 100;
    private static final Pattern UUID_FORM =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final UserSearch search;
    private final ProfileService profiles;
    private final ProfileCache cache;
    private final UserServiceConfig config;

    AdminUsersResource(UserSearch search, ProfileService profiles, ProfileCache cache, UserServiceConfig config) {
        this.search = search;
        this.profiles = profiles;
        this.cache = cache;
        this.config = config;
    }

    @GET
    @Operation(operationId = "searchUsers", summary = "Search profiles by username, email or display name; cursor paging")
    @APIResponse(responseCode = "200", description = "One page of profiles",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserPageV1.class)))
    public Response list(@QueryParam("q") String q, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        String text = q == null || q.isBlank() ? null : q.strip();
        if (text != null && text.length() > MAX_QUERY) {
            throw ApiException.badField("q", "at most " + MAX_QUERY + " characters");
        }
        Cursor after = cursor == null || cursor.isEmpty() ? null : Cursor.decode(cursor);
        return PrivateResponses.ok(search.search(text, after, pageSize(limit))).build();
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getUser", summary = "One profile by user id")
    @APIResponse(responseCode = "200", description = "The profile", headers = @Header(name = "ETag", description = "The version, for If-Match and If-None-Match", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserProfileV1.class)))
    public Response get(@PathParam("id") String id) {
        UUID userId = parseId(id);
        UserProfileV1 profile = cache.get(userId).orElseGet(() -> {
            UserProfileV1 loaded = profiles.find(userId).orElseThrow(() -> ApiException.notFound("The user"));
            cache.fill(loaded);
            return loaded;
        });
        return PrivateResponses.profile(Response.Status.OK, profile).build();
    }

    private int pageSize(String limit) {
        if (limit == null || limit.isEmpty()) {
            return config.defaultPageSize();
        }
        // ASCII digits only and at most 9 of them: Integer.parseInt also takes "+5" and other scripts' digits, and
        // exponents, hex or long digit strings are refused before any parsing.
        if (limit.length() <= 9 && limit.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int n = Integer.parseInt(limit);
            if (n >= 1 && n <= config.maxPageSize()) {
                return n;
            }
        }
        throw ApiException.badField("limit", "must be a whole number from 1 to " + config.maxPageSize());
    }

    private static UUID parseId(String id) {
        // UUID.fromString alone accepts shortened forms such as 1-1-1-1-1.
        if (!UUID_FORM.matcher(id).matches()) {
            throw ApiException.badField("id", "must be a user id (UUID)");
        }
        return UUID.fromString(id);
    }
}
