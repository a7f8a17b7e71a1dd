-- The admin search (UserSearch) looks for a case-insensitive substring of the username, the email or the display name:
-- lower(x) like '%text%', which no b-tree serves. Trigram GIN indexes do (a bitmap scan of each, OR-ed), so a search
-- no longer reads every profile. pg_trgm is a trusted extension: the database's owner may create it.
create extension if not exists pg_trgm;
-- Building the indexes on a large table takes longer than the services' statement_timeout (4 s, for requests).
set local statement_timeout = 0;

create index user_profile_username_trgm on user_profile using gin (lower(username) gin_trgm_ops);
create index user_profile_email_trgm on user_profile using gin (lower(email) gin_trgm_ops);
create index user_profile_display_name_trgm on user_profile using gin (lower(display_name) gin_trgm_ops);
