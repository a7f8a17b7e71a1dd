-- Warm-up jobs, so that any replica answers for a job another one runs (issue 16). The replica running a job renews
-- heartbeat_at; a RUNNING job whose heartbeat is older than the lease lost its replica and is reported FAILED.
create table warm_up (
    id           uuid         primary key,
    cache        varchar(200) not null,
    requested    integer      not null,
    processed    integer      not null default 0,
    loaded       integer      not null default 0,
    skipped      integer      not null default 0,
    status       varchar(20)  not null,
    detail       varchar(1000),
    -- The replica running the job (pod name + process id); its heartbeats and progress writes name it.
    owner        varchar(200) not null,
    started_at   timestamptz  not null default now(),
    heartbeat_at timestamptz  not null default now(),
    finished_at  timestamptz
);
-- The lease sweep looks for running jobs by heartbeat; the clean-up deletes finished ones by age.
create index warm_up_running_idx on warm_up (heartbeat_at) where status = 'RUNNING';
create index warm_up_finished_at_idx on warm_up (finished_at) where finished_at is not null;
