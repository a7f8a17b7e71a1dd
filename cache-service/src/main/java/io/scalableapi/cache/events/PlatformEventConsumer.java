package io.scalableapi.cache.events;

import io.quarkus.runtime.ShutdownEvent;
import io.scalableapi.cache.config.CacheServiceConfig;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.scalableapi.cache.domain.EventOutcome;
import io.scalableapi.defaults.tracing.TraceCarrier;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Keeps the caches coherent with catalog and user events (channel {@code platform-events}, one consumer group).
 *
 * <p>Poison events are nacked: the channel's {@code dead-letter-queue} strategy publishes them to
 * {@code cache-service.dead-letter.v1} with the reason in {@code dead-letter-reason}, and consumption goes on. An
 * event that fails for a transient reason (Infinispan or the database unreachable) is retried in place, keeping the
 * order of its key, until it is applied: dropping it would leave a stale entry behind. At shutdown an unapplied
 * event is neither acked nor nacked, so its offset is not committed and the next consumer gets it again.
 *
 * <p>Events are applied on {@code events.lanes} serial lanes chosen by the record key (the aggregate id, which is also
 * what the producers partition by): the events of one aggregate are applied one at a time in partition order, events
 * of different aggregates concurrently, within one partition too. Acknowledgements therefore arrive out of offset
 * order; the connector's throttled commit strategy commits a partition's offset only up to the first record not yet
 * acknowledged, so a crash redelivers every unfinished record and some finished ones. Those the ledger recognises
 * ({@link EventApplier}: event id and aggregate version in one transaction) and reports as duplicates: none is lost,
 * none applied twice.
 *
 * <p>A dependency may be away for minutes: the records waiting meanwhile stay unacknowledged for as long, so the
 * connector's own limit on an unacknowledged record's age is off
 * ({@code throttled.unprocessed-record-max-age.ms=0}; at its default of 60 s it closed the consumer and failed
 * liveness, and coherence stopped until a restart). What it guarded against, a consumer that no longer makes
 * progress, is watched here instead: {@link #oldestAttempt()} is the age of the longest-running single attempt, which
 * only a wedged lane lets grow ({@link ConsumerLiveness}).
 */
@ApplicationScoped
public class PlatformEventConsumer {
    private static final Logger LOG = Logger.getLogger(PlatformEventConsumer.class);
    /** How long shutdown waits for the events being applied (one transaction each); well within the 25 s. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final CoherencePlanner planner;
    private final EventApplier applier;
    private final CoherenceMetrics metrics;
    private final CacheServiceConfig.Events config;
    private final EventLanes lanes;
    private final Tracer tracer;
    private volatile boolean stopping;
    /** When each lane's current attempt began, in nanoTime; absent between attempts. */
    private final Map<Thread, Long> attempts = new ConcurrentHashMap<>();

    PlatformEventConsumer(CoherencePlanner planner, EventApplier applier, CoherenceMetrics metrics,
            CacheServiceConfig config, Tracer tracer) {
        this.tracer = tracer;
        this.planner = planner;
        this.applier = applier;
        this.metrics = metrics;
        this.config = config.events();
        this.lanes = new EventLanes(this.config.lanes(), this.config.maxInFlight());
        metrics.lanes(lanes::inFlight);
    }

    /**
     * Hands the record to its lane and returns at once (on the connector's thread); the stage completes when there is
     * room for the next record. The lane acknowledges the record once it is applied.
     */
    @Incoming("platform-events")
    public CompletionStage<Void> consume(Message<String> message) {
        @SuppressWarnings("unchecked")
        IncomingKafkaRecordMetadata<String, String> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("Not a Kafka record"));
        return lanes.submit(laneKey(record), () -> {
            try {
                handle(message, record);
            } catch (RuntimeException e) {
                // What the framework did when the method threw: nack, so the record is dead-lettered. Left neither
                // acked nor nacked, it would hold its partition's commit back for good.
                LOG.errorf(e, "Event %s-%d@%d failed unexpectedly, dead-lettering it", record.getTopic(),
                        record.getPartition(), record.getOffset());
                message.nack(e);
            }
        });
    }

    /** The aggregate's key; a record without one keeps its partition's order (all such records share a lane). */
    static String laneKey(IncomingKafkaRecordMetadata<String, String> record) {
        return record.getKey() != null ? record.getTopic() + "/" + record.getKey()
                : record.getTopic() + "#" + record.getPartition();
    }

    /**
     * Applies one record inside its span: the event's trace (the W3C context the outbox relay put on the record, which
     * continues the request that made the change) goes on here, on the lane, so the database work and the log lines of
     * applying it belong to that trace. The span is current only on this thread and only until the event is done.
     */
    private void handle(Message<String> message, IncomingKafkaRecordMetadata<String, String> record) {
        if (stopping) {
            return;
        }
        Span span = tracer.spanBuilder(record.getTopic() + " process")
                .setSpanKind(SpanKind.CONSUMER)
                .setParent(TraceCarrier.extract(record.getHeaders()))
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "process")
                .setAttribute("messaging.destination.name", record.getTopic())
                .setAttribute("messaging.destination.partition.id", Integer.toString(record.getPartition()))
                .setAttribute("messaging.kafka.offset", record.getOffset())
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            handle(message, record, span);
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }

    private void handle(Message<String> message, IncomingKafkaRecordMetadata<String, String> record, Span span) {
        CloudEvent event;
        CoherencePlan plan;
        try {
            event = CloudEventReader.read(record.getTopic(), record.getPartition(), record.getOffset(),
                    record.getTimestamp().toEpochMilli(), record.getKey(), record.getHeaders(), message.getPayload());
            plan = planner.plan(event);
        } catch (PoisonEventException e) {
            span.setAttribute("cache.event.outcome", EventOutcome.DEAD_LETTERED.name());
            span.setStatus(StatusCode.ERROR, e.getMessage());
            metrics.count(EventOutcome.DEAD_LETTERED);
            LOG.warnf("Dead-lettering %s-%d@%d: %s", record.getTopic(), record.getPartition(), record.getOffset(),
                    e.getMessage());
            message.nack(e);
            return;
        }
        if (span.isRecording()) {
            span.setAttribute("messaging.message.id", event.id());
            span.setAttribute("cloudevents.event_type", event.type());
        }
        Optional<EventResult> result = applyUntilDone(event, plan);
        if (result.isEmpty()) {
            return;
        }
        span.setAttribute("cache.event.outcome", result.get().outcome().toString());
        metrics.record(event, result.get());
        LOG.debugf("Event %s %s %s: %s %s", event.type(), event.id(), plan.aggregate(), result.get().outcome(),
                result.get().entries());
        message.ack();
    }

    /** The result once applied; empty when the service is stopping before it could be. */
    private Optional<EventResult> applyUntilDone(CloudEvent event, CoherencePlan plan) {
        Duration backoff = config.retryInitialBackoff();
        for (int attempt = 1; ; attempt++) {
            attempts.put(Thread.currentThread(), System.nanoTime());
            try {
                return Optional.of(applier.apply(event, plan));
            } catch (RuntimeException e) {
                attempts.remove(Thread.currentThread()); // the pause below is no attempt
                if (stopping) {
                    LOG.infof("Stopping: event %s left for the next consumer", event.id());
                    return Optional.empty();
                }
                metrics.retried();
                LOG.warnf("Event %s (%s) not applied, attempt %d, retrying in %d ms: %s", event.id(), event.type(),
                        attempt, backoff.toMillis(), e.getMessage());
                if (!pause(backoff)) {
                    LOG.infof("Interrupted: event %s left for the next consumer", event.id());
                    return Optional.empty();
                }
                Duration doubled = backoff.multipliedBy(2);
                backoff = doubled.compareTo(config.retryMaxBackoff()) > 0 ? config.retryMaxBackoff() : doubled;
            } finally {
                attempts.remove(Thread.currentThread());
            }
        }
    }

    /** How long the oldest attempt still running has been running; zero when none is. Pauses between retries don't count. */
    Duration oldestAttempt() {
        long now = System.nanoTime();
        return Duration.ofNanos(attempts.values().stream().mapToLong(started -> now - started).max().orElse(0));
    }

    int inFlight() {
        return lanes.inFlight();
    }

    private static boolean pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        lanes.stop(STOP_GRACE);
    }
}
