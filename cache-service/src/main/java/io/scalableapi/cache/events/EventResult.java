package io.scalableapi.cache.events;

import io.scalableapi.defaults.cache.EntryOutcome;
import io.scalableapi.cache.domain.EventOutcome;
import java.util.Map;

/** The outcome of one event and, when it was applied, what each cache action did (keyed by cache name). */
public record EventResult(EventOutcome outcome, Map<String, EntryOutcome> entries) {

    public EventResult {
        entries = Map.copyOf(entries);
    }

    static EventResult of(EventOutcome outcome) {
        return new EventResult(outcome, Map.of());
    }
}
