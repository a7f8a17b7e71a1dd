package io.scalableapi.cache.domain;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * Progress of one warm-up: {@code processed} of {@code requested} entries looked at so far, of which {@code loaded}
 * were written and {@code skipped} were already cached at the same version or newer. A job whose replica died is
 * FAILED with a {@code detail} that says it was abandoned (a new status value would break clients of this contract).
 */
public record WarmUp(String id, String cache, int requested, int processed, int loaded, int skipped, Status status,
        String detail, Instant startedAt, Instant finishedAt) {

    public enum Status {
        RUNNING, COMPLETED, FAILED
    }

    static WarmUp started(String id, String cache, int requested) {
        return new WarmUp(id, cache, requested, 0, 0, 0, Status.RUNNING, null, Instant.now(), null);
    }

    /** Share of the requested entries looked at, 0 to 100. */
    @JsonProperty("percent")
    public int percent() {
        return requested == 0 ? 100 : Math.min(100, processed * 100 / requested);
    }
}
