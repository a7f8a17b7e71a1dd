package io.scalableapi.catalog.idempotency;

/** The first response to an idempotent POST, replayed for a retry with the same key and body. */
public record StoredResponse(int status, String location, String etag, String body) {
}
