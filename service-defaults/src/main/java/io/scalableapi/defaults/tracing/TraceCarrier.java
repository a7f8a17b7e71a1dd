package io.scalableapi.defaults.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * W3C trace context ({@code traceparent}, {@code tracestate}) in and out of the places a trace crosses outside HTTP:
 * an outbox row (stored with it) and a Kafka record's headers. Always W3C, whatever propagators are configured,
 * because the row and the record are read by other processes, possibly of another version.
 */
public final class TraceCarrier {

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";
    /** Longest tracestate kept with an outbox row (the column's size); W3C asks to propagate at least 512 characters. */
    public static final int MAX_TRACESTATE = 512;

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private static final TextMapGetter<Headers> KAFKA_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers carrier) {
            return List.of(TRACEPARENT, TRACESTATE);
        }

        @Override
        public String get(Headers carrier, String key) {
            Header header = carrier == null ? null : carrier.lastHeader(key);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private static final TextMapSetter<Headers> KAFKA_SETTER = (carrier, key, value) -> {
        carrier.remove(key);
        carrier.add(key, value.getBytes(StandardCharsets.UTF_8));
    };

    private TraceCarrier() {
    }

    /** The trace context of {@code context} as W3C headers; empty when it holds no valid span (nothing to continue). */
    public static Map<String, String> headersOf(Context context) {
        Map<String, String> out = new HashMap<>(2);
        if (Span.fromContext(context).getSpanContext().isValid()) {
            W3C.inject(context, out, Map::put);
        }
        return out;
    }

    /** The context a stored {@code traceparent} / {@code tracestate} continues; the root context when there is none. */
    public static Context fromStored(String traceparent, String tracestate) {
        if (traceparent == null) {
            return Context.root();
        }
        Map<String, String> in = new HashMap<>(2);
        in.put(TRACEPARENT, traceparent);
        if (tracestate != null) {
            in.put(TRACESTATE, tracestate);
        }
        return W3C.extract(Context.root(), in, MAP_GETTER);
    }

    /** Writes {@code context}'s trace context into a Kafka record's headers (replacing any there). */
    public static void inject(Context context, Headers headers) {
        W3C.inject(context, headers, KAFKA_SETTER);
    }

    /** The trace context a Kafka record carries; the root context when it carries none (or a malformed one). */
    public static Context extract(Headers headers) {
        return W3C.extract(Context.root(), headers, KAFKA_GETTER);
    }
}
