package io.scalableapi.gateway.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.scalableapi.gateway.config.GatewayConfig;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's overload protection: a bound on the API requests one replica has in flight. Past it a request is
 * answered 503 with Retry-After at once, before any step runs, instead of queueing behind the others.
 *
 * <p>Why a fixed bound on concurrency and not an adaptive, latency-driven limit: a closed-loop client population (each
 * client waits for its answer before sending again) can never have more requests in flight than it has connections, so
 * with the bound above the number of connections it is never shed, however much its latency grows; the adaptive limiter
 * this replaces mistook that latency for overload and refused most of 32 well-behaved connections. An open-loop surge
 * (arrivals that do not wait) grows the number in flight until it meets the bound, and by Little's law the bound caps the
 * time an admitted request waits: at most {@code maxInFlight / throughput} (see gateway-service/README.md).
 * Health, metrics and documentation are not API requests and are never counted or refused.
 */
@Singleton
public class AdmissionControl {

    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter refused;

    @Inject
    AdmissionControl(GatewayConfig config, MeterRegistry registry) {
        this(config.admission().maxInFlight(), registry);
    }

    AdmissionControl(int maxInFlight, MeterRegistry registry) {
        this.maxInFlight = maxInFlight;
        this.refused = Counter.builder("gateway.admission.refused")
                .description("API requests answered 503 at once because the replica had its maximum in flight")
                .register(registry);
        Gauge.builder("gateway.admission.in.flight", inFlight, AtomicInteger::get)
                .description("API requests this replica is working on").register(registry);
        Gauge.builder("gateway.admission.max.in.flight", () -> this.maxInFlight)
                .description("The bound on API requests in flight (gateway.admission.max-in-flight)").register(registry);
    }

    /** Takes a place for a request, or answers false (and counts the refusal) when every place is taken. */
    public boolean tryAdmit() {
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            refused.increment();
            return false;
        }
        return true;
    }

    /** Gives back the place of an admitted request once its answer is sent (or its connection is gone). */
    public void release() {
        inFlight.decrementAndGet();
    }

    public int inFlight() {
        return inFlight.get();
    }
}
