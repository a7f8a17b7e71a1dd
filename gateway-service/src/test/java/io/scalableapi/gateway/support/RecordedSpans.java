package io.scalableapi.gateway.support;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The spans the @QuarkusTest gateway exports, kept in memory beside the Zipkin exporter (Quarkus exports to every
 * SpanExporter bean), so a test reads exactly what would reach Zipkin.
 */
@Singleton
public class RecordedSpans {

    private static final InMemorySpanExporter EXPORTER = InMemorySpanExporter.create();

    @Produces
    @Singleton
    SpanExporter recorded() {
        return EXPORTER;
    }

    /** The exported spans of one trace, once at least {@code count} are in (the batch processor exports on a timer). */
    public static List<SpanData> ofTrace(String traceId, int count, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            List<SpanData> spans = ofTrace(traceId);
            if (spans.size() >= count || Instant.now().isAfter(deadline)) {
                return spans;
            }
            Thread.sleep(50);
        }
    }

    public static List<SpanData> ofTrace(String traceId) {
        return EXPORTER.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
    }

    /** A random W3C trace id (32 hex digits), so each test's trace is its own. */
    public static String newTraceId() {
        return hex(32);
    }

    public static String newSpanId() {
        return hex(16);
    }

    private static String hex(int digits) {
        StringBuilder b = new StringBuilder(digits);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < digits; i++) {
            b.append(Character.forDigit(r.nextInt(16), 16));
        }
        return b.charAt(0) == '0' ? "f" + b.substring(1) : b.toString();
    }
}
