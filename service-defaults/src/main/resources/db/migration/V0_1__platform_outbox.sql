-- Transactional outbox shared by every domain service (service-defaults). Rows are written in the same transaction
-- as the state change and published to Kafka by OutboxRelay. Version 0.1 so it runs before a service's own V1.
create table outbox_event (
    id             bigserial primary key,
    event_id       uuid         not null unique,
    topic          varchar(200) not null,
    message_key    varchar(200) not null,
    event_type     varchar(200) not null,
    source         varchar(200) not null,
    subject        varchar(200),
    occurred_at    timestamptz  not null,
    correlation_id varchar(128),
    payload        jsonb        not null,
    published_at   timestamptz,
    attempts       integer      not null default 0,
    last_error     varchar(1000)
);

-- The relay reads pending rows in id order; published rows are only visited by the retention sweep.
create index outbox_event_pending_idx on outbox_event (id) where published_at is null;
create index outbox_event_published_idx on outbox_event (published_at) where published_at is not null;
