-- What the coherence consumer has done, so that every event is applied once and never rolls an entry back.

-- One row per event seen (CloudEvents identity is source + id). A redelivered or replayed event hits the key.
create table processed_event (
    source       varchar(200) not null,
    event_id     varchar(200) not null,
    event_type   varchar(200) not null,
    aggregate    varchar(300),
    version      bigint,
    outcome      varchar(20)  not null,
    processed_at timestamptz  not null default now(),
    primary key (source, event_id)
);
-- The retention sweep deletes by age.
create index processed_event_processed_at_idx on processed_event (processed_at);

-- Highest version applied per aggregate ("product:<id>", "user:<id>"): an event at or below it is stale.
create table aggregate_version (
    aggregate  varchar(300) primary key,
    version    bigint      not null,
    updated_at timestamptz not null default now()
);
