package io.scalableapi.gateway.pipeline;

import io.vertx.core.Future;

/**
 * One step of the request path. It completes with the same exchange to pass it on, or fails with a {@link Refusal} that
 * the pipeline answers as problem+json (any other failure is the pipeline's to map). A step that needs no I/O answers a
 * completed future and the next step runs at once, on the same call stack; a step that waits completes on the request's
 * event loop. Adding a step means adding a class and naming it in {@link RequestPipeline}'s list.
 */
@FunctionalInterface
public interface Step {

    Future<Exchange> apply(Exchange exchange);

    /** The step's name, for logs and the profile. */
    default String name() {
        return getClass().getSimpleName();
    }
}
