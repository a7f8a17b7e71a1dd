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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads products from catalog-service's public list API, page by page in the catalog's default order, for warming
 * {@code catalog-products}. The owning service stays the only source of product representations.
 *
 * <p>Each page has one deadline for the whole exchange, body included ({@code warm-up.catalog-timeout}): the JDK
 * client's request timeout ends once the headers arrive, so a catalog that stalled in the middle of a body held the
 * warm-up, RUNNING and renewing its lease, for good.
 */
@ApplicationScoped
public class CatalogProductSource {
    private final CacheServiceConfig.WarmUp config;
    private final ObjectMapper json;
    private final Duration timeout;
    private final HttpClient http;

    CatalogProductSource(CacheServiceConfig config, ObjectMapper json) {
        this.config = config.warmUp();
        this.json = json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.timeout = this.config.catalogTimeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** One page of at most {@code limit} products after {@code cursor} (null for the first page). */
    public ProductPageV1 page(String cursor, int limit, Optional<String> authorization) throws IOException {
        String query = "?limit=" + limit + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.catalogUrl().replaceAll("/$", "")
                + "/api/v1/products" + query)).timeout(timeout).header("Accept", "application/json").GET();
        authorization.ifPresent(a -> request.header("Authorization", a));
        CompletableFuture<HttpResponse<String>> exchange = http.sendAsync(request.build(),
                HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (response.statusCode() != 200) {
                throw new IOException("catalog-service answered " + response.statusCode() + " to the product list");
            }
            return json.readValue(response.body(), ProductPageV1.class);
        } catch (TimeoutException e) {
            exchange.cancel(true); // closes the connection the stalled exchange holds
            throw new IOException("catalog-service did not send a product page within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io
                    : new IOException("Reading the product list failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while reading the product list", e);
        }
    }

    public String serialise(ProductV1 product) throws IOException {
        return json.writeValueAsString(product);
    }
}
