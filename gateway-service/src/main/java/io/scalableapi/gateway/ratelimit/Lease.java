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

    /**
     * How long a lease of {@code granted} requests may be spent by a replica that sees {@code localWanted} of the key's
     * requests per period: one period, or as many as it takes this replica to spend it when the lease was sized by the
     * key's demand over every replica ({@link RateLimitAlgorithm#leaseWanted}), so that each replica calls the store about
     * once per lease, not once per period. Never past {@code maxLifetimeMillis} (what a replica that stops seeing the key
     * keeps parked) nor past the window's end.
     */
    public static long lifetimeMillis(int granted, int localWanted, long periodMillis, long maxLifetimeMillis,
            long windowLeftMillis) {
        long periods = Math.max(1, (granted + Math.max(1, localWanted) - 1) / Math.max(1, localWanted));
        long lifetime = Math.min(periods * periodMillis, Math.max(periodMillis, maxLifetimeMillis));
        return Math.min(lifetime, windowLeftMillis);
    }
}
