package io.scalableapi.cache.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scalableapi.cache.config.CacheServiceConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.infinispan.client.rest.RestClient;
import org.infinispan.client.rest.RestResponse;
import org.infinispan.client.rest.configuration.RestClientConfigurationBuilder;

/**
 * Reads what Hot Rod does not expose, through Infinispan's own REST client: a cache's live configuration and its full
 * statistics. Hot Rod's {@code RemoteCache.serverStatistics()} reports entries, hits, misses, stores and remove hits,
 * but neither evictions nor memory, and no Hot Rod operation returns a cache's configuration (its admin API only
 * creates, updates and removes). The REST client answers the server's digest challenge itself. Read-only; data and
 * cache definitions go through Hot Rod. Reading a configuration needs the ADMIN permission (role {@code admin}).
 */
@ApplicationScoped
public class InfinispanRest {
    private final ObjectMapper json;
    private final Duration timeout;
    private final RestClient client;

    InfinispanRest(CacheServiceConfig config, ObjectMapper json) {
        CacheServiceConfig.InfinispanRest rest = config.infinispanRest();
        this.json = json;
        this.timeout = rest.timeout();
        URI url = URI.create(rest.url());
        RestClientConfigurationBuilder builder = new RestClientConfigurationBuilder()
                .connectionTimeout(timeout.toMillis())
                .socketTimeout(timeout.toMillis())
                // The server may be down at start; the first read tells, and the topology retries.
                .pingOnCreate(false);
        builder.addServer().host(url.getHost()).port(url.getPort() < 0 ? 11222 : url.getPort());
        builder.security().authentication().enable().mechanism("DIGEST").username(rest.username())
                .password(rest.password());
        this.client = RestClient.forConfiguration(builder.build());
    }

    /** The cache's configuration as the server holds it, or empty when the cache does not exist. */
    public Optional<JsonNode> configuration(String cache) {
        return read(cache, "config", client.cache(cache).configuration()).map(node -> node.path(cache));
    }

    /** The cache's statistics as the server reports them ({@code -1} where a figure is not collected). */
    public Optional<JsonNode> statistics(String cache) {
        return read(cache, "stats", client.cache(cache).stats());
    }

    private Optional<JsonNode> read(String cache, String what, CompletionStage<RestResponse> call) {
        String action = "Infinispan REST " + what + " of " + cache;
        // The client's socket timeout bounds each exchange too; this bound also covers the digest round trip.
        try (RestResponse response = call.toCompletableFuture().get(2 * timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            if (response.status() == RestResponse.NOT_FOUND) {
                return Optional.empty();
            }
            if (response.status() != RestResponse.OK) {
                throw new IllegalStateException(action + " answered " + response.status());
            }
            return Optional.of(json.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(action + ": unreadable answer", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(action + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            call.toCompletableFuture().cancel(true);
            throw new IllegalStateException(action + ": no answer within " + 2 * timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    @PreDestroy
    void close() throws Exception {
        client.close();
    }
}
