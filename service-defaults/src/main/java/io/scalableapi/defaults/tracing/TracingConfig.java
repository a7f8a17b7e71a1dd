package io.scalableapi.defaults.tracing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the service's traces ({@code platform.tracing.*}); README of service-defaults, "Tracing". */
@ConfigMapping(prefix = "platform.tracing")
public interface TracingConfig {

    /**
     * Share of new traces recorded, 0 to 1, for a trace that starts here (a request without a {@code traceparent}, an
     * outbox row written outside any request). A span with a parent follows the parent's decision, so a trace is kept
     * or dropped as a whole. Modest by default: a recorded span costs CPU and an export; scripts/run.sh sets 1 locally.
     */
    @WithDefault("0.05")
    double samplerRatio();

    /** Zipkin's span intake (JSON v2). The local default is scripts/infra.sh's zipkin; production sets ZIPKIN_ENDPOINT. */
    @WithDefault("http://127.0.0.1:9411/api/v2/spans")
    String zipkinEndpoint();
}
