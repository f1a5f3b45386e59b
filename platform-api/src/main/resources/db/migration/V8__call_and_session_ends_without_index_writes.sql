-- A call leg's record is inserted open and updated once when the leg ends; so is a session's row. While
-- an index covered a column that end changes (calls: ended_at in calls_node_open_ix; sessions: ended_at
-- in sessions_ended_ix), every end also wrote a new entry into each index of its table (seven for calls,
-- five for sessions). Without such an index, and with room kept free in each page, an end is a heap-only
-- update that touches no index.

-- Calls: which legs a node has open, and when it last saw them alive, move to a small table of their
-- own. A node that starts closes the legs it left open from here; its heartbeat updates only these rows.
create table open_legs (
    leg_id          varchar(128) primary key,
    node_id         varchar(64) not null,
    last_seen_at    timestamp with time zone
);
insert into open_legs (leg_id, node_id, last_seen_at)
    select leg_id, node_id, last_seen_at from calls where ended_at is null;
drop index calls_node_open_ix;
alter table calls drop column last_seen_at;

-- Sessions: the daily purge finds its rows through their start (a session ends after it starts); the
-- start-up check for sessions a stopped node left open reads the table once.
drop index sessions_ended_ix;
create index sessions_started_ix on sessions (started_at);

/* [jooq ignore start] */
alter table calls set (fillfactor = 60);
alter table sessions set (fillfactor = 60);
/* [jooq ignore stop] */
