package io.scalableapi.gateway.ratelimit;

import java.util.List;

/** The store's answer for one batch of a key: a decision per request, in order, and a lease when one was granted. */
public record BatchOutcome(List<Decision> decisions, Lease lease) {
}
