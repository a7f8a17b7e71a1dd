package io.scalableapi.gateway.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/**
 * The gateway's sampling: parent-based ratio, and every trace the gateway starts or continues from a client spends
 * from a {@link TraceBudget}. The decision falls at the request's server span, the one span whose parent (if any) is
 * remote, i.e. the client's; the spans under it (the attempts) follow their local parent and spend nothing.
 */
final class BudgetedSampler implements Sampler {

    private final Sampler ratio;
    private final TraceBudget budget;

    BudgetedSampler(double samplerRatio, TraceBudget budget) {
        this.ratio = Sampler.parentBased(Sampler.traceIdRatioBased(samplerRatio));
        this.budget = budget;
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
            Attributes attributes, List<LinkData> parentLinks) {
        SamplingResult result = ratio.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
        if (result.getDecision() != SamplingDecision.RECORD_AND_SAMPLE) {
            return result;
        }
        var parent = Span.fromContext(parentContext).getSpanContext();
        boolean decidedHere = !parent.isValid() || parent.isRemote();
        return !decidedHere || budget.tryTake() ? result : SamplingResult.drop();
    }

    @Override
    public String getDescription() {
        return "BudgetedSampler{" + ratio.getDescription() + ", at most a budget of traces a second}";
    }
}
