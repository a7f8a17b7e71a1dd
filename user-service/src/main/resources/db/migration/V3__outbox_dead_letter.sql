-- Poison outbox rows (service-defaults' OutboxRelay). A row Kafka refuses for itself (larger than a record may be,
-- invalid) is counted in `rejections`; while it is pending, later rows of its aggregate (topic, key) wait
-- behind it so that aggregate's order holds. After platform.outbox.dead-letter-after rejections it moves here, out of
-- the relay's way: the aggregate and the rest of the outbox go on. The same migration is in every service with an
-- outbox table (catalog V2, user V3, cache V3): after each service's own, as Flyway refuses an older pending version.
alter table outbox_event add column rejections integer not null default 0;

-- The relay asks, per pending row, whether an earlier row of its aggregate was rejected: a tiny partial index.
create index outbox_event_rejected_idx on outbox_event (topic, message_key, id)
    where published_at is null and rejections > 0;

create table outbox_dead_letter (
    id               bigint        primary key,
    event_id         uuid          not null unique,
    topic            varchar(200)  not null,
    message_key      varchar(200)  not null,
    event_type       varchar(200)  not null,
    source           varchar(200)  not null,
    subject          varchar(200),
    occurred_at      timestamptz   not null,
    correlation_id   varchar(128),
    payload          jsonb         not null,
    attempts         integer       not null,
    rejections       integer       not null,
    last_error       varchar(1000),
    dead_lettered_at timestamptz   not null
);
