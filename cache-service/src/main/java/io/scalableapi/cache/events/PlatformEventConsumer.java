package io.scalableapi.cache.events;

import io.quarkus.runtime.ShutdownEvent;
import io.scalableapi.cache.config.CacheServiceConfig;
import io.scalableapi.cache.domain.EventOutcome;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
 * partition's order, until it is applied: dropping it would leave a stale entry behind. At shutdown an unapplied
 * event is neither acked nor nacked, so its offset is not committed and the next consumer gets it again.
 */
@ApplicationScoped
public class PlatformEventConsumer {
    private static final Logger LOG = Logger.getLogger(PlatformEventConsumer.class);

    private final CoherencePlanner planner;
    private final EventApplier applier;
    private final CoherenceMetrics metrics;
    private final CacheServiceConfig.Events config;
    private volatile boolean stopping;

    PlatformEventConsumer(CoherencePlanner planner, EventApplier applier, CoherenceMetrics metrics,
            CacheServiceConfig config) {
        this.planner = planner;
        this.applier = applier;
        this.metrics = metrics;
        this.config = config.events();
    }

    @Incoming("platform-events")
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        @SuppressWarnings("unchecked")
        IncomingKafkaRecordMetadata<String, String> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("Not a Kafka record"));
        CloudEvent event;
        CoherencePlan plan;
        try {
            event = CloudEventReader.read(record.getTopic(), record.getPartition(), record.getOffset(),
                    record.getTimestamp().toEpochMilli(), record.getKey(), record.getHeaders(), message.getPayload());
            plan = planner.plan(event);
        } catch (PoisonEventException e) {
            metrics.count(EventOutcome.DEAD_LETTERED);
            LOG.warnf("Dead-lettering %s-%d@%d: %s", record.getTopic(), record.getPartition(), record.getOffset(),
                    e.getMessage());
            return message.nack(e);
        }
        Optional<EventResult> result = applyUntilDone(event, plan);
        if (result.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        metrics.record(event, result.get());
        LOG.debugf("Event %s %s %s: %s %s", event.type(), event.id(), plan.aggregate(), result.get().outcome(),
                result.get().entries());
        return message.ack();
    }

    /** The result once applied; empty when the service is stopping before it could be. */
    private Optional<EventResult> applyUntilDone(CloudEvent event, CoherencePlan plan) {
        Duration backoff = config.retryInitialBackoff();
        for (int attempt = 1; ; attempt++) {
            try {
                return Optional.of(applier.apply(event, plan));
            } catch (RuntimeException e) {
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
            }
        }
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
    }
}
