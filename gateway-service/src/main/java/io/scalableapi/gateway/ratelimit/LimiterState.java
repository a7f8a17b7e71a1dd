package io.scalableapi.gateway.ratelimit;

/**
 * What Infinispan stores per key: the start of the current window and the requests counted in it (the quota), and the
 * theoretical arrival time of the generic cell rate algorithm (the burst). All times are Infinispan server milliseconds.
 * Stored as text so that it stays readable through the server's REST API and console.
 */
public record LimiterState(long windowStart, int count, long theoreticalArrival) {

    public String encode() {
        return windowStart + ":" + count + ":" + theoreticalArrival;
    }

    /** Null for text that is not a state (a foreign or corrupt entry): the key then starts afresh. */
    public static LimiterState decode(String text) {
        if (text == null) {
            return null;
        }
        String[] parts = text.split(":");
        if (parts.length != 3) {
            return null;
        }
        try {
            return new LimiterState(Long.parseLong(parts[0]), Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
