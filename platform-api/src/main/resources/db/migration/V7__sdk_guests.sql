-- Guest sign-up for the web SDK (issue 8): an application may let anyone who can reach the node
-- create a short-lived web SDK user with only a display name (the videoconf sample's "enter your
-- name and join"). Off unless the application has a row here.
create table sdk_guest_access (
    application_id  bigint primary key references applications (id) on delete cascade,
    -- guest user names are <user_prefix>-<random>
    user_prefix     varchar(20) not null,
    -- at most this many guest users exist at once in the application
    max_guests      integer not null,
    -- a guest user is deleted this long after it was created, unless it is logged in
    ttl_seconds     integer not null
);
