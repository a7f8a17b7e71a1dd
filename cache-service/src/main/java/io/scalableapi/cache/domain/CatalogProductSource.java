package io.scalableapi.cache.domain;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scalableapi.cache.config.CacheServiceConfig;
import io.scalableapi.contracts.catalog.ProductPageV1;
import io.scalableapi.contracts.catalog.ProductV1;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads products from catalog-service's public list API, page by page in the catalog's default order, for warming
 * {@code catalog-products}. The owning service stays the only source of product representations.
 */
@ApplicationScoped
public class CatalogProductSource {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final CacheServiceConfig.WarmUp config;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    CatalogProductSource(CacheServiceConfig config, ObjectMapper json) {
        this.config = config.warmUp();
        this.json = json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** One page of at most {@code limit} products after {@code cursor} (null for the first page). */
    public ProductPageV1 page(String cursor, int limit, Optional<String> authorization) throws IOException {
        String query = "?limit=" + limit + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.catalogUrl().replaceAll("/$", "")
                + "/api/v1/products" + query)).timeout(TIMEOUT).header("Accept", "application/json").GET();
        authorization.ifPresent(a -> request.header("Authorization", a));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("catalog-service answered " + response.statusCode() + " to the product list");
            }
            return json.readValue(response.body(), ProductPageV1.class);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while reading the product list", e);
        }
    }

    public String serialise(ProductV1 product) throws IOException {
        return json.writeValueAsString(product);
    }
}
