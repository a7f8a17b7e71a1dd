package io.scalableapi.cache.domain;

import io.quarkus.scheduler.Scheduled;
import io.scalableapi.cache.config.CacheServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The database record of what the consumer applied: which event ids it has seen and the highest version applied per
 * aggregate. Callers run inside the transaction that also covers the cache actions, so an event whose actions failed
 * is not recorded and will be retried.
 */
@ApplicationScoped
public class EventLedger {
    private final EntityManager em;
    private final CacheServiceConfig config;

    EventLedger(EntityManager em, CacheServiceConfig config) {
        this.em = em;
        this.config = config;
    }

    /** Records the event as seen; false when it was seen before (a redelivery or a duplicate publish). */
    public boolean firstSighting(String source, String eventId, String type, String aggregate, long version) {
        return em.createNativeQuery("insert into processed_event (source, event_id, event_type, aggregate, version, outcome) "
                + "values (?1, ?2, ?3, ?4, ?5, 'PENDING') on conflict do nothing")
                .setParameter(1, source).setParameter(2, eventId).setParameter(3, type)
                .setParameter(4, aggregate).setParameter(5, aggregate == null ? null : version)
                .executeUpdate() == 1;
    }

    /** Moves the aggregate to {@code version}; false when it already is at that version or a newer one. */
    public boolean advance(String aggregate, long version) {
        return em.createNativeQuery("insert into aggregate_version (aggregate, version) values (?1, ?2) "
                + "on conflict (aggregate) do update set version = excluded.version, updated_at = now() "
                + "where aggregate_version.version < excluded.version")
                .setParameter(1, aggregate).setParameter(2, version)
                .executeUpdate() == 1;
    }

    public void outcome(String source, String eventId, EventOutcome outcome) {
        em.createNativeQuery("update processed_event set outcome = ?3 where source = ?1 and event_id = ?2")
                .setParameter(1, source).setParameter(2, eventId).setParameter(3, outcome.name())
                .executeUpdate();
    }

    /** Forgets events older than {@code retention}; versions keep replays of them harmless. */
    public int forgetOlderThan(Duration retention) {
        return em.createNativeQuery("delete from processed_event where processed_at < ?1")
                .setParameter(1, OffsetDateTime.now(ZoneOffset.UTC).minus(retention))
                .executeUpdate();
    }

    @Scheduled(every = "1h", delay = 1, delayUnit = java.util.concurrent.TimeUnit.MINUTES)
    @Transactional
    void sweep() {
        // No request waits for it: the statement_timeout of application.properties is for requests.
        em.createNativeQuery("set local statement_timeout = 0").executeUpdate();
        forgetOlderThan(config.events().processedRetention());
    }
}
