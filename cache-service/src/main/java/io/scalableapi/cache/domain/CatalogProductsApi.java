package io.scalableapi.cache.domain;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.rest.client.reactive.jackson.ClientObjectMapper;
import io.scalableapi.contracts.catalog.ProductPageV1;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/**
 * catalog-service's public product list, as warm-ups read it (a Quarkus REST client built by
 * {@link CatalogProductSource} from {@code warm-up.catalog-url}). A 4xx or 5xx answer arrives as a
 * {@code WebApplicationException} carrying the status.
 */
@Path("/api/v1/products")
public interface CatalogProductsApi {

    /** One page of at most {@code limit} products after {@code cursor}; a null cursor or authorization is not sent. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    ProductPageV1 page(@QueryParam("limit") int limit, @QueryParam("cursor") String cursor,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    /**
     * Tolerant reading of the owner's representation: this service refuses unknown fields in what it is sent
     * ({@code quarkus.jackson.fail-on-unknown-properties}), but a field catalog-service adds to ProductV1 in a
     * compatible release must not fail warm-ups.
     */
    @ClientObjectMapper
    static ObjectMapper objectMapper(ObjectMapper defaults) {
        return defaults.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
