package io.scalableapi.gateway.tracing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The gateway's traces ({@code gateway.tracing.*}); README of gateway-service, "Traces". */
@ConfigMapping(prefix = "gateway.tracing")
public interface TracingConfig {

    /**
     * Share of requests recorded, 0 to 1, when the client sends no sampled {@code traceparent} (parent-based: a
     * client's own sampled trace is continued, an unsampled one is not recorded). Decided once, when the request's server
     * span starts; an unrecorded request builds no span data and exports nothing, and its upstream calls carry the
     * decision on (flag 00) so no service records it either. Modest by default because recording costs CPU on the
     * proxy path (README, "Traces"); scripts/run.sh sets 1 for the local platform.
     */
    @WithDefault("0.05")
    double samplerRatio();

    /**
     * At most this many traces a second are recorded by one replica, whatever the ratio and whatever the clients'
     * {@code traceparent} flags say (README, "Traces"): the cost of tracing stops growing with traffic. 0 records none.
     */
    @WithDefault("20")
    int maxTracesPerSecond();

    /** Zipkin's span intake (JSON v2). The local default is scripts/infra.sh's zipkin; production sets ZIPKIN_ENDPOINT. */
    @WithDefault("http://127.0.0.1:9411/api/v2/spans")
    String zipkinEndpoint();
}
