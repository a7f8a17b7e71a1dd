package io.scalableapi.cache.support;

import org.infinispan.client.hotrod.DataFormat;
import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;
import org.infinispan.client.hotrod.configuration.ConfigurationBuilder;
import org.infinispan.commons.dataconversion.MediaType;
import org.infinispan.commons.marshall.UTF8StringMarshaller;

/**
 * A Hot Rod client of the tests' own, writing entries the way the owning services do (string keys, JSON values,
 * server-assigned entry versions). Entries written over REST carry no Hot Rod version, so services' compare-and-swap
 * would never match them: arrange through Hot Rod, assert through REST.
 */
public final class HotRod implements AutoCloseable {
    private static final DataFormat STRING_TO_JSON = DataFormat.builder()
            .keyType(MediaType.TEXT_PLAIN).keyMarshaller(new UTF8StringMarshaller())
            .valueType(MediaType.APPLICATION_JSON).valueMarshaller(new UTF8StringMarshaller())
            .build();

    private final RemoteCacheManager manager;

    /** As the operator's admin identity (DEV ONLY, scripts/infra.sh): an observer independent of the service's role. */
    public HotRod() {
        ConfigurationBuilder b = new ConfigurationBuilder();
        b.addServer().host("127.0.0.1").port(11222)
                .security().authentication().username("operator").password("operator-dev-only");
        manager = new RemoteCacheManager(b.build());
    }

    public RemoteCache<String, String> cache(String name) {
        RemoteCache<String, String> cache = manager.getCache(name);
        if (cache == null) {
            throw new IllegalStateException("Cache " + name + " does not exist on the server");
        }
        return cache.withDataFormat(STRING_TO_JSON);
    }

    public void put(String cache, String key, String json) {
        cache(cache).put(key, json);
    }

    @Override
    public void close() {
        manager.close();
    }
}
