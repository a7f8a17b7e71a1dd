package io.scalableapi.defaults.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the outbox relay ({@code platform.outbox.*}). */
@ConfigMapping(prefix = "platform.outbox")
public interface OutboxConfig {
    /** Whether this process relays outbox rows to Kafka. Writing rows works either way. */
    @WithDefault("true")
    boolean relayEnabled();

    /** How often the relay looks for pending rows (the Quarkus scheduler's finest step is one second). */
    @WithDefault("1s")
    Duration pollInterval();

    /** Rows published per transaction. */
    @WithDefault("200")
    int batchSize();

    /** Longest pause between attempts while Kafka keeps failing (the pause doubles from the poll interval). */
    @WithDefault("10s")
    Duration maxBackoff();

    /** How long Kafka may take to acknowledge a batch before the relay gives up on it and retries later. */
    @WithDefault("10s")
    Duration sendTimeout();

    /**
     * Rejections after which a row moves to {@code outbox_dead_letter}. A rejection is Kafka refusing that record
     * itself (too large, a topic the service may not write, ...), which retrying cannot cure; a broker that is away
     * or slow is no rejection and never dead-letters anything. Until then later rows of the row's aggregate wait.
     */
    @WithDefault("5")
    int deadLetterAfter();

    /** Published rows older than this are deleted. */
    @WithDefault("P7D")
    Duration retention();

    /** CloudEvents {@code source}; defaults to {@code urn:scalableapi:<quarkus.application.name>}. */
    Optional<String> source();

    /** Bootstrap servers of the relay's producer; defaults to {@code kafka.bootstrap.servers}. */
    Optional<String> bootstrapServers();
}
