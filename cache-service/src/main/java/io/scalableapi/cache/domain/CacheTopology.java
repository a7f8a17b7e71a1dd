package io.scalableapi.cache.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.scalableapi.cache.config.CacheServiceConfig;
import io.scalableapi.defaults.cache.PlatformCaches;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.infinispan.client.hotrod.RemoteCacheManager;
import org.infinispan.commons.api.CacheContainerAdmin.AdminFlag;
import org.infinispan.commons.configuration.StringConfiguration;
import org.jboss.logging.Logger;

/**
 * Makes the server's caches match the shared definitions: creates missing ones and updates the mutable attributes
 * (expiration, size) of existing ones, at start and again while any cache is not in line. Idempotent, so every
 * replica may do it. A change Infinispan cannot apply in place (mode, owners, encoding) is reported as drift and
 * left to an operator: recreating a cache under running services is not something to do silently.
 */
@ApplicationScoped
public class CacheTopology {
    private static final Logger LOG = Logger.getLogger(CacheTopology.class);

    private final RemoteCacheManager manager;
    private final PlatformCaches caches;
    private final InfinispanRest rest;
    private final ObjectMapper json;
    private final boolean recreateDrifted;
    private final Map<String, CacheState> states = new ConcurrentHashMap<>();

    CacheTopology(RemoteCacheManager manager, PlatformCaches caches, InfinispanRest rest, ObjectMapper json,
            MeterRegistry registry, CacheServiceConfig config) {
        this.recreateDrifted = config.topology().recreateDrifted();
        this.manager = manager;
        this.caches = caches;
        this.rest = rest;
        this.json = json;
        caches.definitions().keySet().forEach(name -> states.put(name, CacheState.pending("not applied yet")));
        registry.gauge("cache.topology.not.applied", states,
                s -> s.values().stream().filter(st -> st.status() != CacheState.Status.APPLIED).count());
    }

    void onStart(@Observes StartupEvent event) {
        applyAll();
    }

    @Scheduled(every = "${cache-service.topology.retry-interval:30s}", delayed = "${cache-service.topology.retry-interval:30s}")
    void retryWhileNotApplied() {
        if (states.values().stream().anyMatch(s -> s.status() != CacheState.Status.APPLIED)) {
            applyAll();
        }
    }

    public void applyAll() {
        caches.definitions().forEach(this::apply);
    }

    public Map<String, CacheState> states() {
        return Map.copyOf(states);
    }

    public CacheState state(String cache) {
        return states.get(cache);
    }

    void apply(String name, String definition) {
        CacheState state;
        try {
            manager.administration().withFlags(AdminFlag.UPDATE).getOrCreateCache(name, new StringConfiguration(definition));
            state = verify(name, definition);
        } catch (RuntimeException e) {
            // The server's refusal says little ("invalid configuration"); the differences say what to look at.
            state = existsOnServer(name)
                    ? new CacheState(CacheState.Status.DRIFT, "cannot be updated in place: " + describeDifferences(name, definition))
                    : CacheState.pending("server unavailable: " + firstLine(e.getMessage()));
        }
        if (state.status() == CacheState.Status.DRIFT && recreateDrifted) {
            state = recreate(name, definition, state);
        }
        CacheState previous = states.put(name, state);
        if (!state.equals(previous)) {
            if (state.status() == CacheState.Status.APPLIED) {
                LOG.infof("Cache %s is as declared", name);
            } else {
                LOG.warnf("Cache %s is %s: %s", name, state.status(), state.detail());
            }
        }
    }

    private String describeDifferences(String name, String definition) {
        try {
            return String.join("; ", differences(name, definition));
        } catch (RuntimeException e) {
            return "live configuration unreadable: " + firstLine(e.getMessage());
        }
    }

    private CacheState recreate(String name, String definition, CacheState drift) {
        LOG.warnf("Recreating cache %s as declared (its entries are dropped): %s", name, drift.detail());
        try {
            manager.administration().removeCache(name);
            manager.administration().getOrCreateCache(name, new StringConfiguration(definition));
            return verify(name, definition);
        } catch (RuntimeException e) {
            return new CacheState(CacheState.Status.DRIFT, drift.detail() + "; recreation failed: " + firstLine(e.getMessage()));
        }
    }

    private CacheState verify(String name, String definition) {
        try {
            List<String> differences = differences(name, definition);
            return differences.isEmpty() ? new CacheState(CacheState.Status.APPLIED, "as declared")
                    : new CacheState(CacheState.Status.DRIFT, String.join("; ", differences));
        } catch (RuntimeException e) {
            return CacheState.pending("applied, but its live configuration could not be read: " + firstLine(e.getMessage()));
        }
    }

    /** Declared attributes whose value on the server differs ("path: declared X, server Y"). */
    List<String> differences(String name, String definition) {
        Optional<JsonNode> live = rest.configuration(name);
        if (live.isEmpty()) {
            return List.of("missing on the server");
        }
        List<String> differences = new ArrayList<>();
        try {
            compare("", json.readTree(definition), live.get(), differences);
        } catch (Exception e) {
            differences.add("cannot compare: " + e.getMessage());
        }
        return differences;
    }

    /** The server echoes numbers as strings: compare leaves as text. */
    static void compare(String path, JsonNode declared, JsonNode live, List<String> differences) {
        if (declared.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = declared.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                compare(path + "/" + field.getKey(), field.getValue(), live.path(field.getKey()), differences);
            }
        } else if (!declared.asText().equals(live.asText())) {
            differences.add(path + ": declared " + declared.asText() + ", server "
                    + (live.isMissingNode() ? "(default)" : live.asText()));
        }
    }

    private boolean existsOnServer(String name) {
        try {
            return manager.getCacheNames().contains(name);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
