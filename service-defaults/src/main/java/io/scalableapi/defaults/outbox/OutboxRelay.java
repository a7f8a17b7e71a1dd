package io.scalableapi.defaults.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.scalableapi.contracts.events.CloudEventHeaders;
import io.scalableapi.defaults.tracing.TraceCarrier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes pending outbox rows to Kafka in id order, as binary-mode CloudEvents keyed by aggregate id, and marks them
 * published once Kafka has acknowledged them ({@code acks=all}, idempotent producer).
 *
 * <p>Several replicas may run the relay: a transaction-scoped advisory lock lets one of them publish at a time, which
 * keeps each aggregate's events in order; {@code FOR UPDATE SKIP LOCKED} keeps the rows safe even without it. While
 * Kafka fails, writes keep succeeding and rows wait; the relay backs off exponentially up to {@code max-backoff}.
 *
 * <p>A poison row, one Kafka refuses for itself ({@link #isRejection}: too large, invalid), holds back only its
 * aggregate: later rows of the same topic and key wait behind it, so that aggregate's order holds, while every other row
 * is published. After {@code dead-letter-after} rejections it moves to {@code outbox_dead_letter}
 * ({@code outbox_dead_letters_total}), and its aggregate goes on. A broker that is away is never a rejection: then every
 * row waits, however long.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /**
     * Arbitrary constant naming the relay's advisory lock (each service has its own database). Public so that a test
     * can hold it to keep rows pending.
     */
    public static final long RELAY_LOCK = 0x0B0C5EA1L;

    private final OutboxConfig config;
    private final EntityManager em;
    private final Tracer tracer;
    private final String bootstrapServers;
    private final Counter published;
    private final Counter failures;
    private final Counter deadLettered;
    private final AtomicLong deadLetterRows = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestPendingAgeMs = new AtomicLong();
    private volatile KafkaProducer<String, byte[]> producer;
    private final Properties security = new Properties();
    private volatile long nextAttemptAt;
    private volatile Duration backoff;

    OutboxRelay(OutboxConfig config, EntityManager em, MeterRegistry registry, Tracer tracer,
            @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "127.0.0.1:9092") String kafkaServers,
            @ConfigProperty(name = "kafka.security.protocol") Optional<String> securityProtocol,
            @ConfigProperty(name = "kafka.sasl.mechanism") Optional<String> saslMechanism,
            @ConfigProperty(name = "kafka.sasl.jaas.config") Optional<String> saslJaasConfig) {
        this.config = config;
        // The relay's producer signs in as the service's Kafka user, like every other client of the service.
        securityProtocol.ifPresent(v -> security.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, v));
        saslMechanism.ifPresent(v -> security.put(SaslConfigs.SASL_MECHANISM, v));
        saslJaasConfig.ifPresent(v -> security.put(SaslConfigs.SASL_JAAS_CONFIG, v));
        this.em = em;
        this.tracer = tracer;
        this.bootstrapServers = config.bootstrapServers().orElse(kafkaServers);
        this.backoff = config.pollInterval();
        this.published = Counter.builder("outbox.published").description("Events published to Kafka").register(registry);
        this.failures = Counter.builder("outbox.publish.failures").description("Failed publish attempts").register(registry);
        this.deadLettered = Counter.builder("outbox.dead.letters")
                .description("Outbox rows moved to outbox_dead_letter after repeated rejections").register(registry);
        registry.gauge("outbox.dead.letter.rows", deadLetterRows);
        registry.gauge("outbox.pending", pending);
        registry.gauge("outbox.lag.seconds", oldestPendingAgeMs, v -> v.get() / 1000.0);
    }

    @Scheduled(every = "${platform.outbox.poll-interval:1s}", delay = 1, delayUnit = TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!config.relayEnabled() || System.currentTimeMillis() < nextAttemptAt) {
            return;
        }
        try {
            int sent;
            do {
                sent = publishBatch();
            } while (sent == config.batchSize());
            if (sent >= 0) {
                backoff = config.pollInterval();
            }
        } catch (RuntimeException e) {
            failures.increment();
            backoff = min(backoff.multipliedBy(2), config.maxBackoff());
            nextAttemptAt = System.currentTimeMillis() + backoff.toMillis();
            LOG.warnf("Outbox relay could not publish (next attempt in %d ms): %s", backoff.toMillis(), e.getMessage());
        } finally {
            refreshLagGauges();
        }
    }

    /** Publishes one batch in one transaction; returns how many rows were published, or -1 when Kafka failed. */
    int publishBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Object locked = em.createNativeQuery("select pg_try_advisory_xact_lock(?1)").setParameter(1, RELAY_LOCK)
                    .getSingleResult();
            if (!Boolean.TRUE.equals(locked)) {
                return 0;
            }
            @SuppressWarnings("unchecked")
            // Rows behind a rejected row of their aggregate wait until it is published or dead-lettered.
            List<OutboxEvent> rows = em.createNativeQuery("select * from outbox_event o where published_at is null "
                    + "and not exists (select 1 from outbox_event r where r.published_at is null and r.rejections > 0 "
                    + "and r.topic = o.topic and r.message_key = o.message_key and r.id < o.id) "
                    + "order by id limit ?1 for update skip locked", OutboxEvent.class)
                    .setParameter(1, config.batchSize()).getResultList();
            if (rows.isEmpty()) {
                return 0;
            }
            return send(rows);
        });
    }

    private int send(List<OutboxEvent> rows) {
        KafkaProducer<String, byte[]> kafka = producer();
        // null where the row was not sent: its aggregate is held back behind a row Kafka refused in this batch.
        List<Future<?>> acks = new ArrayList<>(rows.size());
        // The publish span of each row sent (null where none was), ended once Kafka answered for it.
        List<Span> spans = new ArrayList<>(rows.size());
        Set<String> heldBack = new HashSet<>();
        RuntimeException failure = null;
        int tried = 0;
        for (OutboxEvent row : rows) {
            if (heldBack.contains(aggregate(row))) {
                acks.add(null);
                spans.add(null);
                tried++;
                continue;
            }
            Span span = publishSpan(row);
            Future<?> ack;
            try {
                ack = kafka.send(toRecord(row, Context.root().with(span)));
            } catch (RuntimeException e) {
                endFailed(span, e);
                failure = e;
                break;
            }
            acks.add(ack);
            spans.add(span);
            tried++;
            // The producer refuses a record for itself (too large, invalid) before queueing it: the future is already
            // failed, and later records of the aggregate must not overtake it. (Should the broker refuse one after
            // queueing, later records of its key in the same batch may already be out; from the next batch on the
            // aggregate waits, as the query holds rows behind a rejected one.)
            if (ack.isDone() && failedWithRejection(ack)) {
                heldBack.add(aggregate(row));
            }
        }
        kafka.flush();
        long deadline = System.nanoTime() + config.sendTimeout().toNanos();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        int done = 0;
        List<OutboxEvent> dead = new ArrayList<>();
        for (int i = 0; i < acks.size(); i++) {
            OutboxEvent row = rows.get(i);
            if (acks.get(i) == null) {
                continue;
            }
            try {
                acks.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                row.publishedAt = now;
                row.lastError = null;
                done++;
                spans.get(i).end();
            } catch (Exception e) {
                // Kafka keeps a partition's order with the idempotent producer: later records of the same key cannot
                // have been written after this one failed, so marking each acknowledged row is safe.
                Throwable cause = e.getCause() == null ? e : e.getCause();
                endFailed(spans.get(i), cause);
                row.attempts++;
                row.lastError = truncate(String.valueOf(cause));
                if (isRejection(cause)) {
                    row.rejections++;
                    if (row.rejections >= config.deadLetterAfter()) {
                        dead.add(row);
                    } else {
                        LOG.warnf("Outbox row %d (%s, key %s) refused by Kafka %d of %d times; its aggregate waits: %s",
                                row.id, row.eventType, row.messageKey, row.rejections, config.deadLetterAfter(),
                                row.lastError);
                    }
                } else if (failure == null) {
                    failure = new IllegalStateException(row.lastError, e);
                }
            }
        }
        for (int i = tried; i < rows.size(); i++) {
            rows.get(i).attempts++;
        }
        published.increment(done);
        dead.forEach(this::deadLetter);
        if (failure != null) {
            failures.increment();
            backoff = min(backoff.multipliedBy(2), config.maxBackoff());
            nextAttemptAt = System.currentTimeMillis() + backoff.toMillis();
            LOG.warnf("Outbox relay published %d of %d events; retrying in %d ms: %s", done, rows.size(),
                    backoff.toMillis(), failure.getMessage());
            return -1;
        }
        return done;
    }

    /**
     * Moves the row to {@code outbox_dead_letter} in the batch's transaction, so its aggregate's later rows go on.
     * An operator can move it back (README of service-defaults).
     */
    private void deadLetter(OutboxEvent row) {
        em.flush();
        em.createNativeQuery("insert into outbox_dead_letter (id, event_id, topic, message_key, event_type, source, "
                + "subject, occurred_at, correlation_id, payload, attempts, rejections, last_error, dead_lettered_at) "
                + "select id, event_id, topic, message_key, event_type, source, subject, occurred_at, correlation_id, "
                + "payload, attempts, rejections, last_error, now() from outbox_event where id = ?1")
                .setParameter(1, row.id).executeUpdate();
        em.remove(row);
        deadLettered.increment();
        LOG.errorf("Outbox row %d (%s, key %s, event %s) dead-lettered after %d rejections: %s", row.id, row.eventType,
                row.messageKey, row.eventId, row.rejections, row.lastError);
    }

    /**
     * Whether Kafka refused the record itself, so retrying it cannot help. Only errors about the one record count:
     * a broker that is away or slow, and refused credentials or ACLs (an operator's fix, for every row alike), leave
     * the rows waiting instead, however long.
     */
    static boolean isRejection(Throwable cause) {
        return cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException
                || cause instanceof InvalidRecordException || cause instanceof InvalidTopicException
                || cause instanceof SerializationException;
    }

    private static boolean failedWithRejection(Future<?> ack) {
        try {
            ack.get(0, TimeUnit.NANOSECONDS);
            return false;
        } catch (ExecutionException e) {
            return isRejection(e.getCause());
        } catch (Exception e) {
            return false;
        }
    }

    private static String aggregate(OutboxEvent row) {
        return row.topic + '\u0000' + row.messageKey;
    }

    /**
     * The span of one row's publish: a child of the request that wrote the row (its stored trace context), so the
     * request's trace goes on through Kafka to the consumers; a new trace for a row written outside any request. A row
     * retried after a failed attempt gets a new publish span in the same trace, as each attempt is one.
     */
    private Span publishSpan(OutboxEvent row) {
        return tracer.spanBuilder(row.topic + " publish")
                .setSpanKind(SpanKind.PRODUCER)
                .setParent(TraceCarrier.fromStored(row.traceParent, row.traceState))
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "send")
                .setAttribute("messaging.destination.name", row.topic)
                .setAttribute("messaging.message.id", row.eventId.toString())
                .setAttribute("messaging.kafka.message.key", row.messageKey)
                .setAttribute("cloudevents.event_type", row.eventType)
                .startSpan();
    }

    private static void endFailed(Span span, Throwable cause) {
        if (span.isRecording()) {
            span.recordException(cause);
            span.setStatus(StatusCode.ERROR, String.valueOf(cause.getMessage()));
        }
        span.end();
    }

    private ProducerRecord<String, byte[]> toRecord(OutboxEvent row, Context trace) {
        RecordHeaders headers = new RecordHeaders();
        // W3C traceparent / tracestate of the publish span: consumers continue the trace from there.
        TraceCarrier.inject(trace, headers);
        header(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        header(headers, CloudEventHeaders.ID, row.eventId.toString());
        header(headers, CloudEventHeaders.SOURCE, row.source);
        header(headers, CloudEventHeaders.TYPE, row.eventType);
        header(headers, CloudEventHeaders.TIME, row.occurredAt.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        header(headers, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        if (row.subject != null) {
            header(headers, CloudEventHeaders.SUBJECT, row.subject);
        }
        if (row.correlationId != null) {
            header(headers, CloudEventHeaders.CORRELATION_ID, row.correlationId);
        }
        return new ProducerRecord<>(row.topic, null, row.messageKey, row.payload.getBytes(StandardCharsets.UTF_8), headers);
    }

    private void refreshLagGauges() {
        try {
            Object[] stats = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                    "select count(*), coalesce(extract(epoch from (now() - min(occurred_at))) * 1000, 0), "
                            + "(select count(*) from outbox_dead_letter) "
                            + "from outbox_event where published_at is null").getSingleResult());
            pending.set(((Number) stats[0]).longValue());
            oldestPendingAgeMs.set(((Number) stats[1]).longValue());
            deadLetterRows.set(((Number) stats[2]).longValue());
        } catch (RuntimeException e) {
            LOG.debugf("Could not read outbox lag: %s", e.getMessage());
        }
    }

    @Scheduled(every = "1h", delay = 1, delayUnit = TimeUnit.MINUTES,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void deletePublishedPastRetention() {
        if (!config.relayEnabled()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            // No request waits for it: the services' statement_timeout (below the gateway's) is for requests.
            em.createNativeQuery("set local statement_timeout = 0").executeUpdate();
            em.createNativeQuery("delete from outbox_event where published_at < now() - make_interval(secs => ?1)")
                    .setParameter(1, config.retention().toSeconds()).executeUpdate();
        });
    }

    private KafkaProducer<String, byte[]> producer() {
        KafkaProducer<String, byte[]> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = newProducer();
                }
                p = producer;
            }
        }
        return p;
    }

    private KafkaProducer<String, byte[]> newProducer() {
        Properties props = new Properties();
        props.putAll(security);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        int sendTimeoutMs = (int) config.sendTimeout().toMillis();
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1000, sendTimeoutMs / 2));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, sendTimeoutMs);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, sendTimeoutMs);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    void close(@Observes ShutdownEvent event) {
        KafkaProducer<String, byte[]> p = producer;
        if (p != null) {
            p.close(Duration.ofSeconds(5));
        }
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    private static String truncate(String s) {
        return s.length() <= 1000 ? s : s.substring(0, 1000);
    }
}
