package io.scalableapi.defaults.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.context.Context;
import io.scalableapi.defaults.correlation.CorrelationId;
import io.scalableapi.defaults.replica.WritePins;
import io.scalableapi.defaults.tracing.TraceCarrier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.MDC;

/**
 * Records an event in the same database transaction as the state change it describes, so the change and its event
 * commit or roll back together; {@link OutboxRelay} publishes it to Kafka afterwards. There is no other way to send
 * a domain event: never write to Kafka directly from a request.
 */
@ApplicationScoped
public class Outbox {
    private final ObjectMapper json;
    private final String source;
    private final Instance<WritePins> pins;

    Outbox(ObjectMapper json, OutboxConfig config, @ConfigProperty(name = "quarkus.application.name") String application,
            Instance<WritePins> pins) {
        this.json = json;
        this.source = config.source().orElse("urn:scalableapi:" + application);
        this.pins = pins;
    }

    /** Appends the event; must run inside the caller's transaction. Returns the CloudEvents id. */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID append(OutboxMessage message) {
        OutboxEvent row = new OutboxEvent();
        row.eventId = UUID.randomUUID();
        row.topic = message.topic();
        row.messageKey = message.key();
        row.eventType = message.type();
        row.source = source;
        row.subject = message.subject();
        row.occurredAt = OffsetDateTime.now(ZoneOffset.UTC);
        Object correlation = MDC.get(CorrelationId.MDC_KEY);
        row.correlationId = correlation == null ? null : correlation.toString();
        // The trace of the request that makes the change travels with its event: the relay continues it when it
        // publishes, and consumers from there (README, "Tracing"). Stored whether or not this trace is recorded, so
        // the event's spans follow the request's decision.
        Map<String, String> trace = TraceCarrier.headersOf(Context.current());
        row.traceParent = trace.get(TraceCarrier.TRACEPARENT);
        String state = trace.get(TraceCarrier.TRACESTATE);
        row.traceState = state == null || state.isEmpty() || state.length() > TraceCarrier.MAX_TRACESTATE ? null : state;
        try {
            row.payload = json.writeValueAsString(message.data());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event payload of " + message.type() + " is not serialisable", e);
        }
        row.persist();
        // Every change records its event here, which makes this the one place that knows a transaction writes: its
        // caller reads its own write afterwards even from a lagging read replica (services with one; see WritePins).
        if (pins.isResolvable()) {
            pins.get().afterCommit();
        }
        return row.eventId;
    }

    /**
     * Overwrites {@code replacements}' fields in every event of {@code key} that is not published yet, where the
     * payload has them (erasure: the events still go out, so consumers see every version, but without the person's
     * data). Must run inside the caller's transaction. The rows are locked first: a row the relay is sending right now is waited
     * for and, published by then, left alone (the caller deletes published rows as it sees fit). Returns the number
     * of events changed.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int redactPending(String key, Map<String, JsonNode> replacements) {
        List<OutboxEvent> pending = OutboxEvent.<OutboxEvent>find("messageKey = ?1 and publishedAt is null order by id",
                key).withLock(LockModeType.PESSIMISTIC_WRITE).list();
        int changed = 0;
        for (OutboxEvent row : pending) {
            ObjectNode payload = readObject(row);
            boolean touched = false;
            for (Map.Entry<String, JsonNode> field : replacements.entrySet()) {
                if (payload.has(field.getKey()) && !payload.get(field.getKey()).equals(field.getValue())) {
                    payload.set(field.getKey(), field.getValue());
                    touched = true;
                }
            }
            if (touched) {
                row.payload = payload.toString();
                changed++;
            }
        }
        return changed;
    }

    private ObjectNode readObject(OutboxEvent row) {
        try {
            JsonNode payload = json.readTree(row.payload);
            if (payload instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            // Falls through: an outbox row this class did not write.
        }
        throw new IllegalStateException("Outbox event " + row.eventId + " has no JSON object payload");
    }
}
