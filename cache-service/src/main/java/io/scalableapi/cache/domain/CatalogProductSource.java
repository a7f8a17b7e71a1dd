package io.scalableapi.cache.domain;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.scalableapi.cache.config.CacheServiceConfig;
import io.scalableapi.contracts.catalog.ProductPageV1;
import io.scalableapi.contracts.catalog.ProductV1;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * Reads products from catalog-service's public list API, page by page in the catalog's default order, for warming
 * {@code catalog-products}. The owning service stays the only source of product representations.
 *
 * <p>Each page read runs under one guard, built from typed configuration ({@code warm-up.catalog-*}):
 * <ul>
 * <li>a deadline for the whole exchange, body included ({@code catalog-timeout}): the read returns the parsed page,
 * so a catalog that sends its headers and then stalls in the middle of the body is cut off at the deadline instead of
 * holding the warm-up, RUNNING and renewing its lease, for good. The client's own read timeout, a second longer,
 * frees the stalled connection;</li>
 * <li>retries of a read that failed before catalog-service answered or that it answered 5xx (a GET: safe to repeat);
 * never of a timed-out read;</li>
 * <li>a circuit breaker, so while catalog-service is failing warm-ups fail at once instead of each waiting for its
 * deadlines. A 4xx is an answer, not a failure.</li>
 * </ul>
 * Failures reach {@link WarmUps} as an {@link IOException} whose message becomes the job's detail.
 */
@ApplicationScoped
public class CatalogProductSource {
    private static final String BREAKER = "catalog-product-pages";

    private final ObjectMapper json;
    private final Duration timeout;
    private final CatalogProductsApi catalog;
    private final Guard guard;

    CatalogProductSource(CacheServiceConfig config, ObjectMapper json) {
        CacheServiceConfig.WarmUp warmUp = config.warmUp();
        CacheServiceConfig.CatalogCalls calls = warmUp.catalogCalls();
        this.json = json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.timeout = warmUp.catalogTimeout();
        this.catalog = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(warmUp.catalogUrl().replaceAll("/$", "")))
                .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                // Only frees a stalled connection: the guard's deadline, a little shorter, is what the warm-up sees.
                .readTimeout(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS)
                .build(CatalogProductsApi.class);
        this.guard = Guard.create()
                .withDescription(BREAKER)
                .withTimeout().duration(timeout.toMillis(), ChronoUnit.MILLIS).done()
                .withRetry()
                .maxRetries(calls.maxRetries())
                .delay(calls.retryDelay().toMillis(), ChronoUnit.MILLIS)
                .whenException(CatalogProductSource::worthRepeating)
                .done()
                .withCircuitBreaker()
                .name(BREAKER)
                .requestVolumeThreshold(calls.breakerRequests())
                .failureRatio(calls.breakerFailureRatio())
                .delay(calls.breakerDelay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(1)
                .when(CatalogProductSource::catalogFailed)
                .done()
                .build();
    }

    /** One page of at most {@code limit} products after {@code cursor} (null for the first page). */
    public ProductPageV1 page(String cursor, int limit, Optional<String> authorization) throws IOException {
        try {
            return guard.call(() -> catalog.page(limit, cursor, authorization.orElse(null)), ProductPageV1.class);
        } catch (TimeoutException e) {
            throw new IOException("catalog-service did not send a product page within " + timeout.toMillis() + " ms");
        } catch (CircuitBreakerOpenException e) {
            throw new IOException("catalog-service is failing: product page reads paused, retry the warm-up later");
        } catch (WebApplicationException e) {
            throw new IOException("catalog-service answered " + e.getResponse().getStatus() + " to the product list");
        } catch (ProcessingException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException("Reading the product list failed: " + cause, cause);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("Reading the product list failed: " + e, e);
        }
    }

    /** Counts against catalog-service: no answer in time, unreachable, 5xx. A 4xx is an answer about the request. */
    static boolean catalogFailed(Throwable failure) {
        return !(failure instanceof WebApplicationException answered && answered.getResponse().getStatus() < 500);
    }

    /** Failed before catalog-service answered, or it answered 5xx: nothing was read, so repeating the GET is safe. */
    static boolean worthRepeating(Throwable failure) {
        if (failure instanceof WebApplicationException answered) {
            return answered.getResponse().getStatus() >= 500;
        }
        return failure instanceof ProcessingException;
    }

    public String serialise(ProductV1 product) throws IOException {
        return json.writeValueAsString(product);
    }
}
