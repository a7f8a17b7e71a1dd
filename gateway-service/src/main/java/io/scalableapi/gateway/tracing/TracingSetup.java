package io.scalableapi.gateway.tracing;

import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The tracer's sampler and exporter. Quarkus uses a {@code Sampler} bean in place of {@code quarkus.otel.traces.sampler},
 * and hands every {@code SpanExporter} bean to its batch span processor (then building no OTLP exporter): spans go to
 * Zipkin in Zipkin's own protocol, as the Zipkin server takes no OTLP. The domain services have the same pair in
 * service-defaults (the gateway does not depend on it).
 */
@Singleton
public class TracingSetup {

    @Produces
    @Singleton
    Sampler sampler(TracingConfig config) {
        return new BudgetedSampler(config.samplerRatio(), new TraceBudget(config.maxTracesPerSecond(), System::nanoTime));
    }

    @Produces
    @Singleton
    SpanExporter zipkin(TracingConfig config) {
        return ZipkinSpanExporter.builder().setEndpoint(config.zipkinEndpoint()).build();
    }
}
