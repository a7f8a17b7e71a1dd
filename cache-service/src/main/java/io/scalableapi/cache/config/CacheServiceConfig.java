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

        /**
         * Serial lanes events are applied on, chosen by record key: events of one aggregate in order, of different
         * aggregates concurrently (each lane holds a database connection while it applies: keep it well below
         * {@code quarkus.datasource.jdbc.max-size}). 1 applies one event at a time, the consumer before issue 16.
         */
        @WithDefault("8")
        int lanes();

        /** Events taken from Kafka but not yet applied, across lanes, before the consumer stops fetching. */
        @WithDefault("256")
        int maxInFlight();

        /**
         * An attempt to apply one event that has not returned after this long means the consumer is wedged, and
         * liveness reports DOWN (the pod is restarted). Each attempt is bounded (statement timeout 4 s, Hot Rod 2 s),
         * so this never fires while a dependency is away: then attempts keep failing fast and are retried, for as
         * long as the outage lasts, and liveness stays UP. It replaces the connector's limit on an unacknowledged
         * record's age, which could not tell an outage from a wedge.
         */
        @WithDefault("5m")
        Duration stuckAfter();

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

    /**
     * Infinispan's REST endpoint, read with Infinispan's REST client: the only place that reports evictions, memory
     * and the live configuration.
     */
    interface InfinispanRest {
        /** Base URL, e.g. {@code http://127.0.0.1:11222} (host and port are used; 11222 when none is given). */
        @WithDefault("http://127.0.0.1:11222")
        String url();

        String username();

        String password();

        /** Connect and read timeout of one exchange with the server. */
        @WithDefault("3s")
        Duration timeout();
    }

    /** Warming caches from their owning service. */
    interface WarmUp {
        /** Base URL of catalog-service, source of {@code catalog-products}. */
        @WithDefault("http://127.0.0.1:8081")
        String catalogUrl();

        /**
         * Deadline of one product page from catalog-service, the whole exchange (connect, headers and body): past it
         * the warm-up fails with a detail saying so.
         */
        @WithDefault("10s")
        Duration catalogTimeout();

        /** Retries and circuit breaker of the calls to catalog-service ({@code CatalogProductSource}). */
        CatalogCalls catalogCalls();

        /** Largest number of entries one warm-up may load. */
        @WithDefault("1000")
        int maxCount();

        /** Page size asked of catalog-service while warming. */
        @WithDefault("100")
        int pageSize();

        /** Finished warm-ups are forgotten after this long. */
        @WithDefault("PT1H")
        Duration keepFinished();

        /**
         * How often the replica running a warm-up renews its lease on it (queued ones included). Read by the
         * scheduler too, which is why it is also named in {@code WarmUps}.
         */
        @WithDefault("5s")
        Duration heartbeatInterval();

        /**
         * A running warm-up whose replica has not renewed its lease for this long is reported FAILED as abandoned.
         * Several heartbeats long, so a slow database write or a GC pause does not abandon a live job.
         */
        @WithDefault("30s")
        Duration lease();
    }

    /**
     * Fault tolerance of warm-ups' page reads from catalog-service, besides their deadline
     * ({@code warm-up.catalog-timeout}).
     */
    interface CatalogCalls {
        /**
         * Further attempts at a page read that failed before catalog-service answered (connection refused or reset)
         * or that it answered with a 5xx. A page read is a GET, so repeating it is safe; a timed-out read is not
         * repeated (a catalog that stalls once stalls again, and the warm-up would wait several deadlines).
         */
        @WithDefault("2")
        int maxRetries();

        /** Pause before each further attempt. */
        @WithDefault("200ms")
        Duration retryDelay();

        /** Page reads (attempts) the circuit breaker looks back over. */
        @WithDefault("4")
        int breakerRequests();

        /** Share of failed reads among them that opens the circuit (timeouts, unreachable, 5xx; never a 4xx). */
        @WithDefault("0.5")
        double breakerFailureRatio();

        /** How long an open circuit fails reads at once before one trial read decides. */
        @WithDefault("10s")
        Duration breakerDelay();
    }
}
