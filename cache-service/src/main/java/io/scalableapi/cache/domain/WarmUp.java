package io.scalableapi.cache.domain;

import io.scalableapi.defaults.cache.EntryOutcome;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * Progress of one warm-up: {@code processed} of {@code requested} entries looked at so far, of which {@code loaded}
 * were written and {@code skipped} were already cached at the same version or newer.
 */
public record WarmUp(String id, String cache, int requested, int processed, int loaded, int skipped, Status status,
        String detail, Instant startedAt, Instant finishedAt) {

    public enum Status {
        RUNNING, COMPLETED, FAILED
    }

    static WarmUp started(String id, String cache, int requested) {
        return new WarmUp(id, cache, requested, 0, 0, 0, Status.RUNNING, null, Instant.now(), null);
    }

    WarmUp progressed(EntryOutcome outcome) {
        boolean written = outcome == EntryOutcome.REFRESHED || outcome == EntryOutcome.ABSENT;
        return new WarmUp(id, cache, requested, processed + 1, loaded + (written ? 1 : 0), skipped + (written ? 0 : 1),
                status, detail, startedAt, finishedAt);
    }

    WarmUp finished(Status end, String why) {
        return new WarmUp(id, cache, requested, processed, loaded, skipped, end, why, startedAt, Instant.now());
    }

    /** Share of the requested entries looked at, 0 to 100. */
    @JsonProperty("percent")
    public int percent() {
        return requested == 0 ? 100 : Math.min(100, processed * 100 / requested);
    }
}
