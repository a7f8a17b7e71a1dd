package io.scalableapi.cache.events;

import io.scalableapi.defaults.cache.EntryOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.scalableapi.cache.domain.EventOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * The consumer's meters: events by outcome (stale ones included), invalidations applied per cache, and the time from
 * the event's {@code ce_time} to the moment its invalidation was committed. Consumer lag comes from the Kafka client's
 * own metrics ({@code kafka_consumer_fetch_manager_records_lag*}), bound by Quarkus.
 */
@ApplicationScoped
public class CoherenceMetrics {
    private final MeterRegistry registry;
    private final Timer delay;
    private final Counter retries;

    CoherenceMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.delay = Timer.builder("cache.invalidation.delay")
                .description("Time from an event's ce_time to its invalidation being applied (clocks of two hosts)")
                .publishPercentileHistogram().register(registry);
        this.retries = Counter.builder("cache.events.retries")
                .description("Attempts to apply an event that failed for a transient reason").register(registry);
    }

    public void record(CloudEvent event, EventResult result) {
        count(result.outcome());
        result.entries().forEach((cache, outcome) -> {
            if (outcome == EntryOutcome.REFRESHED || outcome == EntryOutcome.EVICTED || outcome == EntryOutcome.CLEARED
                    || outcome == EntryOutcome.TOMBSTONED) {
                Counter.builder("cache.invalidations")
                        .description("Cache entries refreshed, evicted, cleared or tombstoned by events")
                        .tag("cache", cache).tag("action", outcome.name().toLowerCase()).register(registry).increment();
            }
        });
        if (result.outcome() == EventOutcome.APPLIED) {
            Duration age = Duration.between(event.time(), Instant.now());
            delay.record(age.isNegative() ? Duration.ZERO : age);
        }
    }

    /** Events taken from Kafka and not yet applied: at the bound, the consumer waits for its lanes. */
    void lanes(java.util.function.Supplier<Number> inFlight) {
        io.micrometer.core.instrument.Gauge.builder("cache.events.in.flight", inFlight)
                .description("Events taken from Kafka and not yet applied (queued or running on a lane)").register(registry);
    }

    public void count(EventOutcome outcome) {
        Counter.builder("cache.events").description("Consumed events by outcome (stale = older than what is applied)")
                .tag("outcome", outcome.name().toLowerCase()).register(registry).increment();
    }

    public void retried() {
        retries.increment();
    }
}
