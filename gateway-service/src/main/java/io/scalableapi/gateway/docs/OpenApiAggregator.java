package io.scalableapi.gateway.docs;

import io.scalableapi.gateway.config.GatewayConfig;
import io.scalableapi.gateway.proxy.Upstream;
import io.scalableapi.gateway.proxy.UpstreamRegistry;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Fetches each upstream's OpenAPI document (from its management interface, {@code gateway.upstreams.<name>.openapi-url},
 * over the same pooled clients, with a short bound) and merges them. A service
 * that does not answer is left out of the document rather than failing it; the merged document is cached briefly.
 */
@ApplicationScoped
public class OpenApiAggregator {

    private static final Logger LOG = Logger.getLogger(OpenApiAggregator.class);
    private static final long CACHE_MILLIS = 30_000;

    private final UpstreamRegistry upstreams;
    private final OpenApiMerger.Portal portal;
    private final Map<String, URI> documentUrls = new HashMap<>();
    private final Map<String, List<String>> prefixesByUpstream = new LinkedHashMap<>();
    private volatile JsonObject cached;
    private volatile long cachedAt;

    OpenApiAggregator(UpstreamRegistry upstreams, GatewayConfig config, DocsConfig docs) {
        this.upstreams = upstreams;
        this.portal = OpenApiMerger.Portal.of(docs);
        config.upstreams().forEach((name, upstream) -> upstream.openapiUrl()
                .ifPresent(url -> documentUrls.put(name, URI.create(url))));
        config.routes().forEach((name, route) -> prefixesByUpstream
                .computeIfAbsent(route.upstream(), u -> new ArrayList<>()).addAll(route.prefixes()));
    }

    public Future<JsonObject> document() {
        JsonObject doc = cached;
        if (doc != null && System.currentTimeMillis() - cachedAt < CACHE_MILLIS) {
            return Future.succeededFuture(doc);
        }
        Map<String, Future<JsonObject>> fetches = new LinkedHashMap<>();
        prefixesByUpstream.keySet().forEach(name -> fetches.put(name, fetch(upstreams.upstream(name), documentUrls.get(name))));
        return Future.join(new ArrayList<>(fetches.values())).transform(ignored -> {
            Map<String, JsonObject> documents = new LinkedHashMap<>();
            fetches.forEach((name, f) -> {
                if (f.succeeded()) {
                    documents.put(name, f.result());
                } else {
                    LOG.infof("OpenAPI of %s left out: %s", name, f.cause().toString());
                }
            });
            JsonObject merged = OpenApiMerger.merge("Scalable API platform", documents, new HashMap<>(prefixesByUpstream),
                    portal);
            if (documents.size() == fetches.size()) {
                cached = merged;
                cachedAt = System.currentTimeMillis();
            }
            return Future.succeededFuture(merged);
        });
    }

    private static Future<JsonObject> fetch(Upstream upstream, URI documentUrl) {
        URI url = documentUrl != null ? documentUrl : upstream.nextBase().resolve("/q/openapi");
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(url.getHost())
                .setPort(url.getPort() > 0 ? url.getPort() : 80).setURI(url.getRawPath() + "?format=json")
                .putHeader("Accept", "application/json").setIdleTimeout(3_000);
        return upstream.client().request(options)
                .compose(request -> request.send())
                .compose(response -> response.statusCode() == 200 ? response.body()
                        : Future.failedFuture("status " + response.statusCode()))
                .map(body -> body.toJsonObject());
    }
}
