package io.scalableapi.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.UUID;
import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;
import org.infinispan.client.hotrod.configuration.ConfigurationBuilder;
import org.infinispan.client.hotrod.exceptions.HotRodClientException;
import org.infinispan.commons.configuration.StringConfiguration;
import org.junit.jupiter.api.Test;

/**
 * The gateway's Infinispan user has the cluster's role (application: entries, no CREATE) on the real server, which
 * scripts/infra.sh gives the overlay's identities. The limiter therefore only gets its cache: the operator's Cache
 * resource (locally infra.sh) defines it. Before issue 16 the gateway created it, which only an admin could do locally
 * and nobody could in the cluster, so a gateway there never turned ready.
 */
class InfinispanLeastPrivilegeTest {

    @Test
    void theGatewaysUserReadsAndWritesTheLimiterCacheButCannotCreateOne() {
        Properties props = gatewayProperties();
        ConfigurationBuilder b = new ConfigurationBuilder();
        b.addServers(props.getProperty("quarkus.infinispan-client.hosts"))
                .security().authentication()
                .username(props.getProperty("quarkus.infinispan-client.username"))
                .password(props.getProperty("quarkus.infinispan-client.password"));
        try (RemoteCacheManager manager = new RemoteCacheManager(b.build())) {
            RemoteCache<String, String> limits = manager.getCache("gateway-rate-limits");
            assertNotNull(limits, "the limiter's cache is defined on the server");
            String key = "least-privilege-probe-" + UUID.randomUUID();
            limits.put(key, "{}");
            assertEquals("{}", limits.get(key));
            limits.remove(key);

            HotRodClientException refused = assertThrows(HotRodClientException.class, () -> manager.administration()
                    .getOrCreateCache("probe-" + UUID.randomUUID(), new StringConfiguration(
                            "{\"local-cache\":{\"encoding\":{\"media-type\":\"text/plain\"}}}")));
            assertTrue(String.valueOf(refused.getMessage()).contains("CREATE")
                    || String.valueOf(refused.getMessage()).contains("Unauthorized"), refused.getMessage());
        }
    }

    private static Properties gatewayProperties() {
        Properties p = new Properties();
        try (InputStream in = InfinispanLeastPrivilegeTest.class.getClassLoader()
                .getResourceAsStream("application.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return p;
    }
}
