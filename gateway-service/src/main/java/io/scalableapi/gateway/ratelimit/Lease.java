package io.scalableapi.gateway.ratelimit;

/**
 * Requests of one key granted to this replica at once by the shared store (see {@link RateLimitAlgorithm#grant}), spent
 * here without a round trip until used up or expired. Already counted in the shared state, so spending them keeps the
 * limit exact; what is left when it expires is given back with the key's next store call.
 *
 * @param tier the tier it was granted for (a request of another tier goes to the store)
 * @param granted how many requests it holds
 * @param windowStart the shared window it belongs to (server time), to give back unspent requests to that window only
 * @param quotaLeftAtStore what the shared quota had left once the lease was counted, for the RateLimit header
 * @param expiresAtNanos local monotonic time after which it is not spent any more
 * @param windowEndsAtNanos local monotonic time of the window's end, for the RateLimit header's reset
 */
public record Lease(Tier tier, int granted, long windowStart, int quotaLeftAtStore, long expiresAtNanos,
        long windowEndsAtNanos) {
}
