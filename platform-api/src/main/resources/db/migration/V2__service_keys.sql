-- Service-account keys: the original platform's API clients sign a JWT per request with the
-- private key, which is handed out once and never stored; only the public key is kept.
create table service_keys (
    key_id          varchar(36) primary key,
    account_id      bigint not null references accounts (id) on delete cascade,
    name            varchar(50) not null,
    description     varchar(1000) not null default '',
    role            varchar(16) not null,
    public_key      bytea not null,
    created_at      timestamp with time zone not null,
    constraint service_keys_role_ck check (role in ('owner', 'read_only'))
);

create index service_keys_account_ix on service_keys (account_id, created_at);
