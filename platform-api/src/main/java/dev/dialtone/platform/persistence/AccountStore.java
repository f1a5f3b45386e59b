package dev.dialtone.platform.persistence;

import static dev.dialtone.platform.persistence.jooq.Tables.ACCOUNTS;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

import dev.dialtone.core.AccountId;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.model.Account;
import dev.dialtone.platform.persistence.jooq.tables.records.AccountsRecord;

/** Accounts and the hashes of their API keys. */
public final class AccountStore {
    private final DSLContext dsl;
    private final Clock clock;

    public AccountStore(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    public Account create(String name, String apiKeyHash, boolean admin) throws PlatformException {
        try {
            return toAccount(dsl.insertInto(ACCOUNTS)
                    .set(ACCOUNTS.NAME, name)
                    .set(ACCOUNTS.API_KEY_HASH, apiKeyHash)
                    .set(ACCOUNTS.IS_ADMIN, admin)
                    .set(ACCOUNTS.CREATED_AT, Sql.now(clock))
                    .returning().fetchSingle());
        } catch (DataAccessException e) {
            throw Sql.conflictOrThrow(e, "name", "an account named '" + name + "' already exists");
        }
    }

    public Optional<Account> findByKeyHash(String apiKeyHash) {
        return dsl.selectFrom(ACCOUNTS).where(ACCOUNTS.API_KEY_HASH.eq(apiKeyHash)).fetchOptional().map(AccountStore::toAccount);
    }

    public Optional<Account> find(AccountId id) {
        return dsl.selectFrom(ACCOUNTS).where(ACCOUNTS.ID.eq(id.value())).fetchOptional().map(AccountStore::toAccount);
    }

    public Optional<Account> findByName(String name) {
        return dsl.selectFrom(ACCOUNTS).where(ACCOUNTS.NAME.eq(name)).fetchOptional().map(AccountStore::toAccount);
    }

    /** The stored key hash of an account, for the compatible face's account_id + api_key check. */
    public Optional<String> keyHash(AccountId id) {
        return dsl.select(ACCOUNTS.API_KEY_HASH).from(ACCOUNTS).where(ACCOUNTS.ID.eq(id.value())).fetchOptional(ACCOUNTS.API_KEY_HASH);
    }

    public List<Account> list() {
        return dsl.selectFrom(ACCOUNTS).orderBy(ACCOUNTS.ID).fetch().map(AccountStore::toAccount);
    }

    public boolean adminExists() {
        return dsl.fetchExists(ACCOUNTS, ACCOUNTS.IS_ADMIN.isTrue());
    }

    public boolean delete(AccountId id) {
        return dsl.deleteFrom(ACCOUNTS).where(ACCOUNTS.ID.eq(id.value())).execute() > 0;
    }

    public boolean replaceKeyHash(AccountId id, String apiKeyHash) {
        return dsl.update(ACCOUNTS).set(ACCOUNTS.API_KEY_HASH, apiKeyHash).where(ACCOUNTS.ID.eq(id.value())).execute() > 0;
    }

    private static Account toAccount(AccountsRecord r) {
        return new Account(new AccountId(r.getId()), r.getName(), r.getIsAdmin(), r.getCreatedAt().toInstant());
    }
}
