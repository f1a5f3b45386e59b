-- Scenario sessions and their logs (issue 4). Written by the node's session log writer in batches,
-- off the call path; rows of sessions that ended longer ago than the retention setting are purged daily.

create table sessions (
    id              varchar(64) primary key,
    account_id      bigint not null references accounts (id) on delete cascade,
    application_id  bigint not null,
    rule_id         bigint,
    scenarios       text not null default '',
    started_at      timestamp with time zone not null,
    ended_at        timestamp with time zone,
    end_reason      varchar(500)
);

-- Listing per application, newest first; the purge by end time.
create index sessions_application_started_ix on sessions (application_id, started_at desc);
create index sessions_account_ix on sessions (account_id);
create index sessions_ended_ix on sessions (ended_at);

create table session_log (
    session_id      varchar(64) not null references sessions (id) on delete cascade,
    seq             integer not null,
    at              timestamp with time zone not null,
    kind            varchar(16) not null,
    message         text not null,
    constraint session_log_pk primary key (session_id, seq)
);
