package io.scalableapi.defaults.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Parent-based ratio sampling ({@link TracingConfig#samplerRatio()}), with one rule of its own: only a request
 * (SERVER), an event (CONSUMER) or a publish (PRODUCER) may start a trace. A database statement or an outgoing call
 * without a parent (the outbox relay's polling, health checks, the consumer's bookkeeping) would otherwise become a
 * one-span trace of its own, several a second per service, burying the traces of requests in Zipkin.
 *
 * <p>Quarkus uses a {@code Sampler} bean in place of {@code quarkus.otel.traces.sampler} (and still drops /q/ paths).
 */
@Singleton
public class PlatformSampler implements Sampler {

    private final Sampler withParent;
    private final Sampler root;

    @Inject
    PlatformSampler(TracingConfig config) {
        this(config.samplerRatio());
    }

    public PlatformSampler(double ratio) {
        this.root = Sampler.traceIdRatioBased(ratio);
        this.withParent = Sampler.parentBased(root);
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
            Attributes attributes, List<LinkData> parentLinks) {
        if (Span.fromContext(parentContext).getSpanContext().isValid()) {
            return withParent.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
        }
        if (spanKind == SpanKind.SERVER || spanKind == SpanKind.CONSUMER || spanKind == SpanKind.PRODUCER) {
            return root.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
        }
        return SamplingResult.drop();
    }

    @Override
    public String getDescription() {
        return "PlatformSampler{" + withParent.getDescription() + ", roots only at SERVER, CONSUMER, PRODUCER}";
    }
}
