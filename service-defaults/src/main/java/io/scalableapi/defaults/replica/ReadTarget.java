package io.scalableapi.defaults.replica;

/** Where one request's reads went, and why: the reason is a metric tag, so it stays a small fixed set. */
public enum ReadTarget {
    REPLICA("replica", "replica"),
    PRIMARY_DISABLED("primary", "disabled"),
    PRIMARY_TRANSACTION("primary", "transaction"),
    PRIMARY_REPLICA_UNUSABLE("primary", "replica-unusable"),
    PRIMARY_PINNED("primary", "pinned"),
    PRIMARY_PIN_UNKNOWN("primary", "pin-unknown");

    final String server;
    final String reason;

    ReadTarget(String server, String reason) {
        this.server = server;
        this.reason = reason;
    }

    public boolean replica() {
        return this == REPLICA;
    }
}
