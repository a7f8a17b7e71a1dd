package io.scalableapi.catalog.rest;

import io.scalableapi.catalog.config.CatalogConfig;
import io.scalableapi.catalog.domain.CategoryService;
import io.scalableapi.contracts.catalog.CategoryV1;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code /api/v1/categories}: public reads, admin-only conditional writes. */
@Path("/api/v1/categories")
@Produces(MediaType.APPLICATION_JSON)
public class CategoryResource {
    private final CategoryService categories;
    private final CatalogConfig config;

    CategoryResource(CategoryService categories, CatalogConfig config) {
        this.categories = categories;
        this.config = config;
    }

    /** One page of categories by name; {@code after} is the last name of the previous page. */
    @GET
    @PermitAll
    @Operation(operationId = "listCategories", summary = "One page of categories by name; after is the last name of the previous page")
    @APIResponse(responseCode = "200", description = "One page of categories",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = CategoryV1.class)))
    public Response list(@QueryParam("after") String after, @QueryParam("limit") String limit) {
        QueryParams p = new QueryParams();
        Integer size = p.integer("limit", limit, 1, config.paging().maxLimit());
        if (after != null && after.length() > 100) {
            p.error("after", "at most 100 characters");
        }
        p.throwIfInvalid();
        List<CategoryV1> page = categories.list(after, size == null ? config.paging().defaultLimit() : size);
        return Response.ok(page).header(HttpHeaders.CACHE_CONTROL, HttpCaching.publicFor(config.http().listMaxAge()))
                .build();
    }

    @GET
    @Path("{id}")
    @PermitAll
    @Operation(operationId = "getCategory", summary = "One category by id")
    @APIResponse(responseCode = "200", description = "The category", headers = @Header(name = "ETag", description = "The version, for If-Match and If-None-Match", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CategoryV1.class)))
    @APIResponse(responseCode = "304", description = "Not modified: your copy (If-None-Match) is current")
    public Response get(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        CategoryV1 c = categories.get(QueryParams.pathId(id));
        String etag = HttpCaching.etag(c.version());
        Response.ResponseBuilder response = HttpCaching.notModified(ifNoneMatch, etag) ? Response.notModified()
                : Response.ok(c);
        return response.header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.CACHE_CONTROL, HttpCaching.publicFor(config.http().itemMaxAge())).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @Operation(operationId = "createCategory", summary = "Create a category (admin)")
    @APIResponse(responseCode = "201", description = "Created; Location names it", headers = @Header(name = "ETag", description = "The version, for If-Match and If-None-Match", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CategoryV1.class)))
    public Response create(@Valid @NotNull CategoryRequest body) {
        CategoryV1 c = categories.create(body.name().strip(), body.description());
        return Response.created(URI.create("/api/v1/categories/" + c.id())).entity(c)
                .header(HttpHeaders.ETAG, HttpCaching.etag(c.version()))
                .header(HttpHeaders.CACHE_CONTROL, HttpCaching.NO_STORE).build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @Operation(operationId = "replaceCategory", summary = "Replace a category (admin); requires If-Match")
    @APIResponse(responseCode = "200", description = "The category as now stored", headers = @Header(name = "ETag", description = "The version, for If-Match and If-None-Match", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CategoryV1.class)))
    public Response replace(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull CategoryRequest body) {
        var categoryId = QueryParams.pathId(id);
        CategoryV1 c = categories.replace(categoryId, HttpCaching.expected(ifMatch), body.name().strip(),
                body.description());
        return Response.ok(c).header(HttpHeaders.ETAG, HttpCaching.etag(c.version()))
                .header(HttpHeaders.CACHE_CONTROL, HttpCaching.NO_STORE).build();
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed("admin")
    @Operation(operationId = "deleteCategory", summary = "Delete a category (admin); requires If-Match")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        var categoryId = QueryParams.pathId(id);
        categories.delete(categoryId, HttpCaching.expected(ifMatch));
        return Response.noContent().header(HttpHeaders.CACHE_CONTROL, HttpCaching.NO_STORE).build();
    }
}
