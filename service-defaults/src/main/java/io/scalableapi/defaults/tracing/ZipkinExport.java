package io.scalableapi.defaults.tracing;

import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Recorded spans go to Zipkin in Zipkin's own protocol: the Zipkin server (scripts/infra.sh's zipkin, the cluster's
 * zipkin Service) takes no OTLP. Quarkus hands every {@code SpanExporter} bean to its batch span processor
 * ({@code quarkus.otel.traces.exporter=cdi}, the default) and then builds no OTLP exporter of its own.
 */
@Singleton
public class ZipkinExport {

    @Produces
    @Singleton
    SpanExporter zipkin(TracingConfig config) {
        return ZipkinSpanExporter.builder().setEndpoint(config.zipkinEndpoint()).build();
    }
}
