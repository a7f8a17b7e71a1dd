-- Profiles of people known to Keycloak, keyed by the token's subject. Keycloak owns the login, the password and
-- the email; this table holds what the platform adds to them.
create table user_profile (
    user_id                      uuid         primary key,
    username                     varchar(255) not null,
    display_name                 varchar(100) not null,
    email                        varchar(255),
    locale                       varchar(35)  not null,
    preferences                  jsonb        not null default '{}'::jsonb,
    marketing_consent            boolean      not null default false,
    marketing_consent_changed_at timestamptz,
    version                      bigint       not null,
    created_at                   timestamptz  not null,
    updated_at                   timestamptz  not null
);

-- Admin search pages through profiles in (username, user_id) order.
create index user_profile_username_idx on user_profile (username, user_id);

-- One row per erased person: stops a still-valid token from recreating the profile, and tracks the removal of the
-- Keycloak user until it has succeeded. Holds no personal data beyond the opaque subject id.
create table erased_user (
    user_id             uuid        primary key,
    erased_at           timestamptz not null,
    identity_removed_at timestamptz
);

create index erased_user_pending_idx on erased_user (erased_at) where identity_removed_at is null;
