package io.scalableapi.catalog.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.identity.SecurityIdentity;
import io.scalableapi.catalog.config.CatalogConfig;
import io.scalableapi.catalog.domain.ProductReads;
import io.scalableapi.catalog.domain.ProductService;
import io.scalableapi.catalog.idempotency.IdempotentPost;
import io.scalableapi.catalog.idempotency.StoredResponse;
import io.scalableapi.contracts.catalog.ProductPageV1;
import io.scalableapi.contracts.catalog.ProductV1;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code /api/v1/products}: public reads with HTTP caching, admin-only conditional writes. */
@Path("/api/v1/products")
@Produces(MediaType.APPLICATION_JSON)
public class ProductResource {
    static final String BASE = "/api/v1/products/";

    private final ProductReads reads;
    private final ProductService products;
    private final IdempotentPost idempotent;
    private final CatalogConfig config;
    private final SecurityIdentity identity;
    private final ObjectMapper json;

    ProductResource(ProductReads reads, ProductService products, IdempotentPost idempotent, CatalogConfig config,
            SecurityIdentity identity, ObjectMapper json) {
        this.reads = reads;
        this.products = products;
        this.idempotent = idempotent;
        this.config = config;
        this.identity = identity;
        this.json = json;
    }

    @GET
    @PermitAll
    @Operation(operationId = "listProducts", summary = "One page of products; filters, sort and cursor paging")
    @APIResponse(responseCode = "200", description = "One page of products", headers = @Header(name = "ETag", description = "The version, for If-Match and If-None-Match", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProductPageV1.class)))
    @APIResponse(responseCode = "304", description = "Not modified: your copy (If-None-Match) is current")
    public Response list(@BeanParam ProductListParams params, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        ProductPageV1 page = reads.page(params.toQuery(config.paging()));
        String etag = pageEtag(page);
        Response.ResponseBuilder response = HttpCaching.notModified(ifNoneMatch, etag) ? Response.notModified()
                : Response.ok(page);
        return response.header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.CACHE_CONTROL, HttpCaching.publicFor(config.http().listMaxAge())).build();
    }

    @GET
    @Path("{id}")
    @PermitAll
    @Operation(operationId = "getProduct", summary = "One product by id")
    @APIResponse(responseCode = "200", description = "The product", headers = @Header(name = "ETag", description = "The version, for If-Match and If-None-Match", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProductV1.class)))
    @APIResponse(responseCode = "304", description = "Not modified: your copy (If-None-Match) is current")
    public Response get(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return single(reads.byId(QueryParams.pathId(id)), ifNoneMatch);
    }

    @GET
    @Path("sku/{sku}")
    @PermitAll
    @Operation(operationId = "getProductBySku", summary = "One product by SKU")
    @APIResponse(responseCode = "200", description = "The product", headers = @Header(name = "ETag", description = "The version, for If-Match and If-None-Match", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProductV1.class)))
    @APIResponse(responseCode = "304", description = "Not modified: your copy (If-None-Match) is current")
    public Response bySku(@PathParam("sku") String sku, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return single(reads.bySku(sku), ifNoneMatch);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @Operation(operationId = "createProduct", summary = "Create a product (admin); Idempotency-Key makes a retry safe")
    @APIResponse(responseCode = "201", description = "Created; Location names it", headers = @Header(name = "ETag", description = "The version, for If-Match and If-None-Match", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProductV1.class)))
    public Response create(@Valid @NotNull ProductRequest body,
            @HeaderParam(IdempotentPost.HEADER) String idempotencyKey) {
        ProductRequestChecks.check(body);
        String scope = "POST " + BASE + " " + identity.getPrincipal().getName();
        IdempotentPost.Outcome outcome = idempotent.run(scope, idempotencyKey, body, () -> {
            ProductV1 created = products.create(body.toInput());
            return new StoredResponse(201, BASE + created.id(), HttpCaching.etag(created.version()), toJson(created));
        });
        StoredResponse r = outcome.response();
        Response.ResponseBuilder response = Response.status(r.status()).entity(r.body()).type(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.LOCATION, r.location()).header(HttpHeaders.ETAG, r.etag())
                .header(HttpHeaders.CACHE_CONTROL, HttpCaching.NO_STORE);
        if (outcome.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @Operation(operationId = "replaceProduct", summary = "Replace a product (admin); requires If-Match")
    @APIResponse(responseCode = "200", description = "The product as now stored", headers = @Header(name = "ETag", description = "The version, for If-Match and If-None-Match", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProductV1.class)))
    public Response replace(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull ProductRequest body) {
        var productId = QueryParams.pathId(id);
        var expected = HttpCaching.expected(ifMatch);
        ProductRequestChecks.check(body);
        ProductV1 updated = products.replace(productId, expected, body.toInput());
        return Response.ok(updated).header(HttpHeaders.ETAG, HttpCaching.etag(updated.version()))
                .header(HttpHeaders.CACHE_CONTROL, HttpCaching.NO_STORE).build();
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed("admin")
    @Operation(operationId = "deleteProduct", summary = "Delete a product (admin); requires If-Match")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        var productId = QueryParams.pathId(id);
        products.delete(productId, HttpCaching.expected(ifMatch));
        return Response.noContent().header(HttpHeaders.CACHE_CONTROL, HttpCaching.NO_STORE).build();
    }

    private Response single(ProductV1 product, String ifNoneMatch) {
        String etag = HttpCaching.etag(product.version());
        Response.ResponseBuilder response = HttpCaching.notModified(ifNoneMatch, etag) ? Response.notModified()
                : Response.ok(product);
        return response.header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.CACHE_CONTROL, HttpCaching.publicFor(config.http().itemMaxAge())).build();
    }

    /** Weak validator of a page: the ids and versions on it and where it continues. */
    private static String pageEtag(ProductPageV1 page) {
        StringBuilder s = new StringBuilder();
        page.items().forEach(p -> s.append(p.id()).append(':').append(p.version()).append(','));
        s.append(page.nextCursor());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return "W/\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise the response", e);
        }
    }
}
