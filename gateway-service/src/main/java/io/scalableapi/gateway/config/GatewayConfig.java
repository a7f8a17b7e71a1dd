package io.scalableapi.gateway.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the gateway routes, guards and limits, under {@code gateway.*}. Defaults here are the production defaults; the
 * route table and policies themselves are in application.properties so they can be read in one place.
 */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Route name → route. The longest matching prefix wins. */
    Map<String, RouteConfig> routes();

    /** Upstream name → upstream service. */
    Map<String, UpstreamConfig> upstreams();

    RateLimitConfig rateLimit();

    ForwardingConfig forwarding();

    LimitsConfig limits();

    AdmissionConfig admission();

    /** Overload protection (see AdmissionControl and gateway-service/README.md). */
    interface AdmissionConfig {
        /**
         * API requests one replica works on at once; past it a request gets 503 with Retry-After at once. Keep it above
         * the connections a replica is expected to hold (a closed-loop client population is never shed below it) and as
         * low as that allows: an admitted request waits at most about {@code maxInFlight / throughput}.
         */
        @WithDefault("1536")
        int maxInFlight();
    }

    /** Limits on what a client may send, answered as problem+json. */
    interface LimitsConfig {
        /**
         * Largest request header block (names, values and separators). Keep quarkus.http.limits.max-header-size above it:
         * the server's own refusal is a bare 431 without a problem document.
         */
        @WithDefault("16K")
        MemorySize maxHeaderSize();

        /**
         * Longest request target (path and query, as the client wrote it), refused as a problem+json 414 before
         * forwarding. The services keep Quarkus' default max-initial-line-length (4096), which also holds the method and
         * " HTTP/1.1": above this they would answer a bare 414. Keep quarkus.http.limits.max-initial-line-length above it.
         */
        @WithDefault("4000")
        int maxRequestTargetLength();
    }

    interface RouteConfig {
        /** Path prefixes, matched on whole segments ({@code /api/v1/products} matches {@code /api/v1/products/7}). */
        List<String> prefixes();

        /** Name of an entry in {@code gateway.upstreams}. */
        String upstream();

        /** Methods that need no token. Every other method needs a valid bearer token. Empty: all methods authenticated. */
        Optional<Set<String>> publicMethods();

        /** Realm roles the caller needs (all of them) on authenticated methods. Empty: any authenticated caller. */
        Optional<Set<String>> roles();

        /** Bound on waiting for the upstream (idle time), per attempt; may only shorten the upstream's timeout. */
        Optional<Duration> timeout();

        RetryConfig retry();

        /** Name of an entry in {@code gateway.rate-limit.policies}; absent: the route is not rate limited. */
        Optional<String> rateLimitPolicy();

        /** Largest request body accepted; larger ones get 413 before (or while) the body is forwarded. */
        @WithDefault("1M")
        MemorySize maxBodySize();
    }

    /** Retries: only for idempotent requests without a body, only on connection failures and 503. */
    interface RetryConfig {
        /** Retries after the first attempt; 0 disables retries. */
        @WithDefault("2")
        int maxRetries();

        @WithDefault("100ms")
        Duration delay();

        /** Random spread added to or taken from each delay so that replicas do not retry in lockstep. */
        @WithDefault("50ms")
        Duration jitter();
    }

    interface UpstreamConfig {
        /** Base URLs ({@code http://host:port}); requests are spread round-robin over them. */
        List<String> urls();

        /**
         * Where the upstream serves its OpenAPI document, merged into {@code /api/docs}: its management interface, which
         * is not the API port. Absent: {@code /q/openapi} on the first of {@link #urls()}.
         */
        Optional<String> openapiUrl();

        /** Time until the upstream's response headers arrive, per attempt. */
        @WithDefault("10s")
        Duration timeout();

        /** Pooled keep-alive connections per base URL. */
        @WithDefault("100")
        int maxConnections();

        CircuitBreakerConfig circuitBreaker();

        BulkheadConfig bulkhead();
    }

    /** The circuit breaker settings each route toward this upstream gets (one breaker per route). */
    interface CircuitBreakerConfig {
        /** Calls in the rolling window before the failure ratio is judged. */
        @WithDefault("20")
        int requestVolumeThreshold();

        @WithDefault("0.5")
        double failureRatio();

        /** Time the circuit stays open before a trial call. Also the Retry-After of the 503 answered while it is open. */
        @WithDefault("5s")
        Duration delay();

        @WithDefault("2")
        int successThreshold();
    }

    interface BulkheadConfig {
        /** Concurrent calls to this upstream, per route (each route has its own guard). */
        @WithDefault("256")
        int limit();

        /**
         * Calls waiting for a slot before 503, per route. With the limit it keeps one route from taking every place the
         * admission bound allows, while a single route still takes at least 1,024 concurrent clients without refusing.
         */
        @WithDefault("1024")
        int queueSize();
    }

    interface RateLimitConfig {
        /** Infinispan cache holding the limiter state, shared by every replica. */
        @WithDefault("gateway-rate-limits")
        String cache();

        /** Prefix of every key, so separate environments (or test runs) can share one Infinispan without sharing counts. */
        @WithDefault("v1")
        String namespace();

        /** Bound on one decision against Infinispan; past it the policy's fail mode applies. */
        @WithDefault("300ms")
        Duration storeTimeout();

        /** How often each replica re-reads the Infinispan server's clock. */
        @WithDefault("30s")
        Duration clockSyncInterval();

        StoreCircuitBreakerConfig storeCircuitBreaker();

        LeaseConfig lease();

        /**
         * Prefix length an IPv6 client is keyed by, wherever a policy keys on the client address (1 to 128). A subscriber
         * gets at least a /64 and may use any address in it, so a longer prefix gives one client a budget per address
         * it rotates to. IPv4 clients are keyed by their whole address.
         */
        @WithDefault("64")
        int ipv6PrefixLength();

        Map<String, PolicyConfig> policies();
    }

    /**
     * Leases: a replica that keeps seeing one key takes several of its requests from the shared state at once and spends
     * them itself, so a busy key costs a store call per lease, not per request, however many replicas share it. Leased
     * requests are counted in the shared state when granted (the limit stays exact); what a lease has left when it
     * expires goes back with the key's next store call.
     */
    interface LeaseConfig {
        /**
         * Largest lease. A lease is never larger than the key's requests per period over every replica (or, early in a
         * window, than the requests this replica saw in the last period). 0: off.
         */
        @WithDefault("256")
        int maxSize();

        /** How long a lease may be spent; also the period over which a key's recent demand is measured. */
        @WithDefault("250ms")
        Duration duration();

        /** A lease takes at most this fraction (1/n) of what is left of the quota, so nearly used quotas are not parked. */
        @WithDefault("16")
        int quotaShareDivisor();

        /**
         * Longest a lease may be spent. A replica that sees only part of a key's traffic gets leases sized by the key's
         * demand over every replica and keeps one until it has spent it, up to this long, so that the store calls per
         * request do not grow with the number of replicas (up to maxLifetime / duration replicas); what it still holds
         * when it stops seeing the key is counted as used until then.
         */
        @WithDefault("2s")
        Duration maxLifetime();
    }

    /** Once Infinispan fails often enough, later requests take the fail mode at once instead of waiting for a timeout. */
    interface StoreCircuitBreakerConfig {
        @WithDefault("4")
        int requestVolumeThreshold();

        @WithDefault("0.5")
        double failureRatio();

        @WithDefault("5s")
        Duration delay();
    }

    interface PolicyConfig {
        /**
         * What the policy counts requests against, named by every policy (no default: who shares a budget is the
         * policy's decision, not an accident of which token came along). {@code address}: the client address (IPv6 by
         * prefix), whatever token comes with the request, for what a new account must not buy more of, such as
         * registrations. {@code subject}: the token's subject (a service account's client), the address when anonymous.
         * {@code client}: the OAuth client the token was issued to (every user of one application shares its budget),
         * the address when anonymous.
         */
        KeyMode key();

        /** What happens when the state store cannot answer in time: pass the request, or reject it with 503. */
        @WithDefault("fail-open")
        FailMode whenStoreUnavailable();

        /** Token claim whose value names the tier of an authenticated caller (e.g. {@code plan=pro}). */
        @WithDefault("plan")
        String tierClaim();

        /**
         * Tiers by name. {@code anonymous} applies to callers without a token, {@code default} to authenticated callers whose
         * claim names no tier. A missing {@code anonymous} tier falls back to {@code default}.
         */
        Map<String, TierConfig> tiers();
    }

    interface TierConfig {
        /** Requests per window (the quota). */
        int limit();

        /** Window length; a window starts at the key's first request (Infinispan server time). */
        @WithDefault("60s")
        Duration window();

        /** Requests allowed back to back; the rest of the quota is spread evenly over the window. Default: the limit. */
        Optional<Integer> burst();
    }

    /** Written {@code address} / {@code subject} / {@code client} in properties (see {@link PolicyConfig#key()}). */
    enum KeyMode {
        ADDRESS,
        SUBJECT,
        CLIENT
    }

    /** Written {@code fail-open} / {@code fail-closed} in properties. */
    enum FailMode {
        FAIL_OPEN,
        FAIL_CLOSED
    }

    interface ForwardingConfig {
        /**
         * Direct peers (IP addresses or CIDR blocks) whose {@code X-Forwarded-For} is believed. From anyone else the header is
         * ignored and the socket address is the client.
         */
        Optional<List<String>> trustedProxies();

        /** Request headers (name prefixes, case-insensitive) clients must not send: only the gateway sets them. */
        @WithDefault("x-internal-,x-gateway-,x-authenticated-,x-user-")
        List<String> strippedHeaderPrefixes();
    }
}
