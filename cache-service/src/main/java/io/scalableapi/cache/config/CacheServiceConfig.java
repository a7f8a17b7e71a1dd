package io.scalableapi.cache.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of cache-service ({@code cache-service.*}). Every default is what local runs and tests use. */
@ConfigMapping(prefix = "cache-service")
public interface CacheServiceConfig {

    Topology topology();

    Events events();

    Statistics statistics();

    InfinispanRest infinispanRest();

    WarmUp warmUp();

    /** Creating and updating the declared caches. */
    interface Topology {
        /** How often the declared caches are applied again while one of them could not be (server down, drift). */
        @WithDefault("30s")
        Duration retryInterval();

        /**
         * Whether a cache whose configuration cannot be updated in place (mode, owners, encoding, or created by a
         * service with a configuration of its own) is removed and created again as declared. Its entries are lost,
         * which a cache tolerates; with false the drift is only reported (admin API, {@code cache.topology.not.applied}).
         */
        @WithDefault("true")
        boolean recreateDrifted();
    }

    /** The coherence consumer. */
    interface Events {
        /** First pause before retrying an event whose application failed for a transient reason (server down). */
        @WithDefault("200ms")
        Duration retryInitialBackoff();

        /** Longest pause between retries; the partition waits (keeping order) until the event is applied. */
        @WithDefault("5s")
        Duration retryMaxBackoff();

        /** How long the record of applied event ids is kept; replays older than this are caught by the versions. */
        @WithDefault("P7D")
        Duration processedRetention();
    }

    /** Server-side cache statistics behind the admin list and the gauges. */
    interface Statistics {
        /** How long one read of the server's statistics is reused (gauges are scraped often). */
        @WithDefault("5s")
        Duration maxAge();
    }

    /** Infinispan's REST endpoint: the only place that reports evictions, memory and the live configuration. */
    interface InfinispanRest {
        /** Base URL, e.g. {@code http://127.0.0.1:11222}. */
        @WithDefault("http://127.0.0.1:11222")
        String url();

        String username();

        String password();

        @WithDefault("3s")
        Duration timeout();
    }

    /** Warming caches from their owning service. */
    interface WarmUp {
        /** Base URL of catalog-service, source of {@code catalog-products}. */
        @WithDefault("http://127.0.0.1:8081")
        String catalogUrl();

        /** Largest number of entries one warm-up may load. */
        @WithDefault("1000")
        int maxCount();

        /** Page size asked of catalog-service while warming. */
        @WithDefault("100")
        int pageSize();

        /** Finished warm-ups are forgotten after this long. */
        @WithDefault("PT1H")
        Duration keepFinished();
    }
}
