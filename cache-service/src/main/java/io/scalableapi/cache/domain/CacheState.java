package io.scalableapi.cache.domain;

/** Whether a declared cache exists on the server with its declared configuration. */
public record CacheState(Status status, String detail) {

    public enum Status {
        /** Not applied yet (the server was not reachable). */
        PENDING,
        /** Exists with every declared attribute. */
        APPLIED,
        /** Exists, but the declared configuration cannot be applied in place (e.g. owners changed): recreate it. */
        DRIFT
    }

    public static CacheState pending(String detail) {
        return new CacheState(Status.PENDING, detail);
    }
}
