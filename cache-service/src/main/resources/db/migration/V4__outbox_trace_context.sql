-- Tracing (service-defaults' Outbox and OutboxRelay): the W3C trace context of the request that wrote an outbox row is
-- stored with the row, and the relay's publish span continues it, so one trace goes from the request through Kafka to
-- the consumers. Nullable: rows written outside a request, and rows from before this migration, have none. traceparent
-- is 55 characters in version 00; a longer future version is still kept. tracestate longer than 512 characters (W3C
-- asks to propagate at least that much) is not stored. The same migration is in every service with an outbox table
-- (catalog V3, user V4, cache V4): after each service's own, as Flyway refuses an older pending version.
alter table outbox_event add column trace_parent varchar(128), add column trace_state varchar(512);
