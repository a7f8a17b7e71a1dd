package io.scalableapi.cache.events;

import java.util.List;

/**
 * What one event means for the caches: the aggregate it changes, at which version, and the cache actions. An event of
 * a type cache-service does not follow has no aggregate and no actions.
 */
public record CoherencePlan(String aggregate, long version, List<CoherenceAction> actions) {

    public CoherencePlan {
        actions = List.copyOf(actions);
    }

    public static CoherencePlan notFollowed() {
        return new CoherencePlan(null, 0, List.of());
    }

    public boolean followed() {
        return aggregate != null;
    }
}
