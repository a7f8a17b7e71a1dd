-- Catalog schema. The outbox table comes from service-defaults (V0_1).
create table category (
    id          uuid          primary key,
    name        varchar(100)  not null,
    description varchar(1000),
    version     bigint        not null,
    created_at  timestamptz   not null,
    updated_at  timestamptz   not null,
    constraint category_name_key unique (name)
);
-- category_name_key (name) also serves the category list, which is ordered by (name, id): names are unique.

create table product (
    id             uuid          primary key,
    sku            varchar(64)   not null,
    name           varchar(200)  not null,
    description    varchar(4000),
    price          numeric(14,2) not null check (price >= 0),
    currency       char(3)       not null,
    stock_quantity integer       not null check (stock_quantity >= 0),
    category_id    uuid          not null references category (id),
    status         varchar(20)   not null check (status in ('ACTIVE', 'DISCONTINUED')),
    attributes     jsonb         not null default '{}'::jsonb,
    version        bigint        not null,
    created_at     timestamptz   not null,
    updated_at     timestamptz   not null,
    -- Text search on name and description; 'simple' because product names are not prose in one language.
    search         tsvector      generated always as
                       (to_tsvector('simple', name || ' ' || coalesce(description, ''))) stored,
    constraint product_sku_key unique (sku)
);

-- Keyset pagination: one index per sort order, with id as the tie-breaker, scanned forwards or backwards.
create index product_created_idx on product (created_at, id);
create index product_name_idx on product (name, id);
create index product_price_idx on product (price, id);
-- The same orders within one category (the common storefront query), and the foreign key check on category delete.
create index product_category_created_idx on product (category_id, created_at, id);
create index product_category_name_idx on product (category_id, name, id);
create index product_category_price_idx on product (category_id, price, id);
create index product_search_idx on product using gin (search);

-- Idempotency-Key records of POST requests. The primary key makes concurrent retries safe: the second insert waits
-- for the first transaction and then sees its row (no check-then-insert race).
create table idempotency_record (
    scope        varchar(300)  not null,
    idem_key     varchar(128)  not null,
    request_hash char(64)      not null,
    status       integer,      -- null while the first request is still running (its transaction holds the row)
    location     varchar(500),
    etag         varchar(100),
    body         text,
    created_at   timestamptz   not null default now(),
    primary key (scope, idem_key)
);
create index idempotency_record_created_idx on idempotency_record (created_at);
