package io.scalableapi.gateway.ratelimit;

/**
 * A limit as the algorithm sees it: {@code limit} requests per {@code windowMillis}, at most {@code burst} of them back to
 * back. {@code name} is the RateLimit-Policy item name.
 */
public record Tier(String name, int limit, long windowMillis, int burst) {

    public Tier {
        if (limit < 1 || windowMillis < 1000 || burst < 1 || burst > limit) {
            throw new IllegalArgumentException("tier " + name + ": need limit >= 1, window >= 1s, 1 <= burst <= limit");
        }
    }

    /** Spacing of requests beyond the burst: the quota spread evenly over the window. */
    double emissionIntervalMillis() {
        return (double) windowMillis / limit;
    }

    long windowSeconds() {
        return windowMillis / 1000;
    }
}
