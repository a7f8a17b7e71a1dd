package io.scalableapi.gateway.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetedSamplerTest {

    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";

    private final TraceBudget budget = new TraceBudget(3, () -> 0L);
    private final BudgetedSampler sampler = new BudgetedSampler(1.0, budget);

    @Test
    void newTracesStopWhenTheBudgetIsSpent() {
        assertEquals(List.of(true, true, true, false, false), decide(Context.root(), 5));
    }

    @Test
    void aClientsSampledTraceparentSpendsTheBudgetToo() {
        Context client = Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(TRACE, "b7ad6b7169203331",
                TraceFlags.getSampled(), TraceState.getDefault())));
        assertEquals(List.of(true, true, true, false), decide(client, 4));
    }

    @Test
    void spansUnderARecordedRequestFollowItAndSpendNothing() {
        decide(Context.root(), 3); // the budget is spent
        Context recordedServer = Context.root().with(Span.wrap(SpanContext.create(TRACE, "b7ad6b7169203331",
                TraceFlags.getSampled(), TraceState.getDefault())));
        assertEquals(List.of(true, true), decide(recordedServer, 2), "the attempts of a recorded request");
    }

    @Test
    void anUnsampledClientStaysUnsampledAndSpendsNothing() {
        Context client = Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(TRACE, "b7ad6b7169203331",
                TraceFlags.getDefault(), TraceState.getDefault())));
        assertEquals(List.of(false, false), decide(client, 2));
        assertEquals(List.of(true, true, true), decide(Context.root(), 3), "the budget is untouched");
    }

    private List<Boolean> decide(Context parent, int times) {
        Boolean[] recorded = new Boolean[times];
        for (int i = 0; i < times; i++) {
            recorded[i] = sampler.shouldSample(parent, TRACE, "GET catalog", SpanKind.SERVER, Attributes.empty(), List.of())
                    .getDecision() == SamplingDecision.RECORD_AND_SAMPLE;
        }
        return List.of(recorded);
    }
}
