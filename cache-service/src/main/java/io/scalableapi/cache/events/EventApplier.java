package io.scalableapi.cache.events;

import io.scalableapi.defaults.cache.EntryOutcome;
import io.scalableapi.defaults.cache.VersionedEntries;
import io.scalableapi.cache.domain.EventLedger;
import io.scalableapi.cache.domain.EventOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Applies one event at most once: the ledger row, the aggregate's version and the cache actions share one database
 * transaction. If a cache action fails the transaction rolls back, nothing is recorded, and the event is retried;
 * a crash between the cache actions and the commit re-applies them, which they tolerate (they are version-guarded).
 */
@ApplicationScoped
public class EventApplier {
    private final EventLedger ledger;
    private final VersionedEntries entries;

    EventApplier(EventLedger ledger, VersionedEntries entries) {
        this.ledger = ledger;
        this.entries = entries;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public EventResult apply(CloudEvent event, CoherencePlan plan) {
        if (!ledger.firstSighting(event.source(), event.id(), event.type(), plan.aggregate(), plan.version())) {
            return EventResult.of(EventOutcome.DUPLICATE);
        }
        if (!plan.followed()) {
            return record(event, EventResult.of(EventOutcome.IGNORED));
        }
        if (!ledger.advance(plan.aggregate(), plan.version())) {
            return record(event, EventResult.of(EventOutcome.STALE));
        }
        Map<String, EntryOutcome> done = new LinkedHashMap<>();
        for (CoherenceAction action : plan.actions()) {
            done.put(action.cache(), execute(action));
        }
        // The event is older than the cached copy (a replay, or the ledger forgot it): stale. A copy at the same version
        // means the owner was first: applied.
        boolean olderThanCached = done.containsValue(EntryOutcome.KEPT_NEWER);
        return record(event, new EventResult(olderThanCached ? EventOutcome.STALE : EventOutcome.APPLIED, done));
    }

    private EntryOutcome execute(CoherenceAction action) {
        // Java 17: no pattern matching in switch yet.
        if (action instanceof CoherenceAction.Refresh r) {
            return entries.refresh(r.cache(), r.key(), r.version(), r.json());
        }
        if (action instanceof CoherenceAction.EvictIfOlder e) {
            return entries.evictIfOlder(e.cache(), e.key(), e.version());
        }
        if (action instanceof CoherenceAction.Tombstone t) {
            return entries.tombstone(t.cache(), t.key(), t.version());
        }
        if (action instanceof CoherenceAction.Evict e) {
            return entries.evict(e.cache(), e.key());
        }
        return entries.clear(((CoherenceAction.Clear) action).cache());
    }

    private EventResult record(CloudEvent event, EventResult result) {
        ledger.outcome(event.source(), event.id(), result.outcome());
        return result;
    }
}
