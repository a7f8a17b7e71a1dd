package io.scalableapi.cache.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scalableapi.contracts.errors.ProblemType;
import io.scalableapi.defaults.cache.PlatformCaches;
import io.scalableapi.defaults.errors.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.function.Consumer;
import org.infinispan.client.hotrod.RemoteCache;

/** Operator actions on the declared caches. Only declared caches are visible: the server's internal ones are not ours. */
@ApplicationScoped
public class CacheAdmin {
    private final PlatformCaches caches;
    private final CacheTopology topology;
    private final CacheStatisticsReader statistics;
    private final ObjectMapper json;

    CacheAdmin(PlatformCaches caches, CacheTopology topology, CacheStatisticsReader statistics, ObjectMapper json) {
        this.caches = caches;
        this.topology = topology;
        this.statistics = statistics;
        this.json = json;
    }

    public List<CacheOverview> list() {
        return caches.definitions().keySet().stream().sorted().map(this::overview).toList();
    }

    public CacheOverview overview(String name) {
        String definition = definition(name);
        CacheState state = topology.state(name);
        try {
            return new CacheOverview(name, state.status(), state.detail(), json.readTree(definition), statistics.read(name));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable definition of " + name, e);
        }
    }

    public void evict(String name, String key) {
        definition(name);
        onServer(name, c -> c.remove(key));
    }

    public void clear(String name) {
        definition(name);
        onServer(name, RemoteCache::clear);
    }

    private void onServer(String name, Consumer<RemoteCache<String, String>> action) {
        try {
            action.accept(caches.open(name));
        } catch (RuntimeException e) {
            throw new ApiException(ProblemType.SERVICE_UNAVAILABLE, "Infinispan did not complete the operation on "
                    + name + "; retry later");
        }
        statistics.invalidate(name);
    }

    /** The cache's declared definition; 404 for a cache the platform does not declare. */
    public String requireDeclared(String name) {
        return definition(name);
    }

    private String definition(String name) {
        String definition = caches.definitions().get(name);
        if (definition == null) {
            throw ApiException.notFound("Cache '" + name + "'");
        }
        return definition;
    }
}
