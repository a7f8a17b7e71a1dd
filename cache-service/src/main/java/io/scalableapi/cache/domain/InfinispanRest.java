package io.scalableapi.cache.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scalableapi.cache.config.CacheServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads what Hot Rod does not expose from Infinispan's REST API: a cache's live configuration and its full
 * statistics (evictions, memory). Read-only; data goes through Hot Rod.
 */
@ApplicationScoped
public class InfinispanRest {
    private final CacheServiceConfig.InfinispanRest config;
    private final ObjectMapper json;
    private final HttpClient http;

    InfinispanRest(CacheServiceConfig config, ObjectMapper json) {
        this.config = config.infinispanRest();
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(this.config.timeout()).build();
    }

    /** The cache's configuration as the server holds it, or empty when the cache does not exist. */
    public Optional<JsonNode> configuration(String cache) {
        return get("/rest/v2/caches/" + encode(cache) + "?action=config").map(node -> node.path(cache));
    }

    /** The cache's statistics as the server reports them ({@code -1} where a figure is not collected). */
    public Optional<JsonNode> statistics(String cache) {
        return get("/rest/v2/caches/" + encode(cache) + "?action=stats");
    }

    private Optional<JsonNode> get(String pathAndQuery) {
        URI uri = URI.create(config.url().replaceAll("/$", "") + pathAndQuery);
        try {
            // Digest needs the server's nonce: the first, unauthenticated answer carries the challenge.
            HttpResponse<String> first = send(HttpRequest.newBuilder(uri));
            HttpResponse<String> response = first;
            if (first.statusCode() == 401) {
                DigestChallenge challenge = DigestChallenge.parse(first.headers().firstValue("WWW-Authenticate").orElse(null));
                String authorization = challenge.authorization(config.username(), config.password(), "GET",
                        uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()), 1,
                        UUID.randomUUID().toString().replace("-", ""));
                response = send(HttpRequest.newBuilder(uri).header("Authorization", authorization));
            }
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Infinispan REST " + pathAndQuery + " answered " + response.statusCode());
            }
            return Optional.of(json.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException("Infinispan REST " + pathAndQuery + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(config.timeout()).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
