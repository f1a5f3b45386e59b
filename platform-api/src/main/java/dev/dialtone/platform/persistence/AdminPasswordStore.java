package dev.dialtone.platform.persistence;

import static dev.dialtone.platform.persistence.jooq.Tables.ADMIN_PASSWORDS;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.jooq.DSLContext;

import dev.dialtone.core.AccountId;
import dev.dialtone.users.PasswordHash;

/** The administrator's console password, stored only as an argon2id hash (PHC string). */
public final class AdminPasswordStore {
    private final DSLContext dsl;
    private final Clock clock;

    /** A stored password hash and when it was set. */
    public record Stored(PasswordHash hash, Instant changedAt) {
    }

    public AdminPasswordStore(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    public Optional<Stored> find(AccountId account) {
        return dsl.selectFrom(ADMIN_PASSWORDS).where(ADMIN_PASSWORDS.ACCOUNT_ID.eq(account.value()))
                .fetchOptional(r -> new Stored(new PasswordHash(r.getPasswordHash()), r.getChangedAt().toInstant()));
    }

    /** Sets or replaces the password hash; returns when it was set. */
    public Instant set(AccountId account, PasswordHash hash) {
        var now = Sql.now(clock);
        dsl.insertInto(ADMIN_PASSWORDS)
                .set(ADMIN_PASSWORDS.ACCOUNT_ID, account.value())
                .set(ADMIN_PASSWORDS.PASSWORD_HASH, hash.phc())
                .set(ADMIN_PASSWORDS.CHANGED_AT, now)
                .onConflict(ADMIN_PASSWORDS.ACCOUNT_ID).doUpdate()
                .set(ADMIN_PASSWORDS.PASSWORD_HASH, hash.phc())
                .set(ADMIN_PASSWORDS.CHANGED_AT, now)
                .execute();
        return now.toInstant();
    }

    /** Sets the password hash unless one is stored; returns whether it was set. */
    public boolean setIfAbsent(AccountId account, PasswordHash hash) {
        return dsl.insertInto(ADMIN_PASSWORDS)
                .set(ADMIN_PASSWORDS.ACCOUNT_ID, account.value())
                .set(ADMIN_PASSWORDS.PASSWORD_HASH, hash.phc())
                .set(ADMIN_PASSWORDS.CHANGED_AT, Sql.now(clock))
                .onConflictDoNothing()
                .execute() > 0;
    }

    public boolean delete(AccountId account) {
        return dsl.deleteFrom(ADMIN_PASSWORDS).where(ADMIN_PASSWORDS.ACCOUNT_ID.eq(account.value())).execute() > 0;
    }
}
