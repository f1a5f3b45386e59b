-- Admin console: the administrator's console password, and who uploaded each scenario version.

create table admin_passwords (
    account_id      bigint primary key references accounts (id) on delete cascade,
    password_hash   varchar(255) not null,
    changed_at      timestamp with time zone not null
);

-- Who uploaded a version, as shown to people: account name and how it authenticated. Empty for
-- versions stored before this column existed.
alter table scenario_versions add column created_by varchar(200);
