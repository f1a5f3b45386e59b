-- Web SDK gateway (issue 7).

-- The inner digest of the original's one-time-key login, MD5(user:voximplant.com:password), sealed
-- with the node's secrets.key (SecretBox, AES-256-GCM). Null for users whose password was set before
-- this migration or who were renamed since: they log in with a password or a token until the
-- password is set again.
alter table app_users add column login_key_digest varchar(255);

-- Per application, the page origins (scheme://host[:port]) allowed to log in through the web SDK
-- gateway. No rows: any origin (the original platform's behaviour).
create table sdk_allowed_origins (
    application_id  bigint not null references applications (id) on delete cascade,
    origin          varchar(255) not null,
    primary key (application_id, origin)
);
