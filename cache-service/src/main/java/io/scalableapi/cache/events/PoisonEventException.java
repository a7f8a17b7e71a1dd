package io.scalableapi.cache.events;

/**
 * An event that can never be applied, however often it is retried (missing attributes, data that is not the
 * contract's JSON). It goes to the dead-letter topic with {@link #getMessage()} as the reason.
 */
public class PoisonEventException extends RuntimeException {
    public PoisonEventException(String reason) {
        super(reason, null, false, false);
    }

    public PoisonEventException(String reason, Throwable cause) {
        super(reason, cause, false, false);
    }
}
