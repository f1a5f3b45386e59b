package dev.dialtone.platform.persistence;

import static dev.dialtone.platform.persistence.jooq.Tables.APPLICATIONS;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.model.Application;
import dev.dialtone.platform.persistence.jooq.tables.records.ApplicationsRecord;

/** Applications, always looked up inside one account. */
public final class ApplicationStore {
    private final DSLContext dsl;
    private final Clock clock;

    public ApplicationStore(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    public Application create(AccountId account, String name, boolean secureRecordStorage) throws PlatformException {
        var now = Sql.now(clock);
        try {
            return toApplication(dsl.insertInto(APPLICATIONS)
                    .set(APPLICATIONS.ACCOUNT_ID, account.value())
                    .set(APPLICATIONS.NAME, name)
                    .set(APPLICATIONS.SECURE_RECORD_STORAGE, secureRecordStorage)
                    .set(APPLICATIONS.CREATED_AT, now)
                    .set(APPLICATIONS.MODIFIED_AT, now)
                    .returning().fetchSingle());
        } catch (DataAccessException e) {
            throw Sql.conflictOrThrow(e, "name", "an application named '" + name + "' already exists in this account");
        }
    }

    public Optional<Application> find(AccountId account, ApplicationId id) {
        return dsl.selectFrom(APPLICATIONS)
                .where(APPLICATIONS.ACCOUNT_ID.eq(account.value()), APPLICATIONS.ID.eq(id.value()))
                .fetchOptional().map(ApplicationStore::toApplication);
    }

    public Optional<Application> findByName(AccountId account, String name) {
        return dsl.selectFrom(APPLICATIONS)
                .where(APPLICATIONS.ACCOUNT_ID.eq(account.value()), APPLICATIONS.NAME.eq(name))
                .fetchOptional().map(ApplicationStore::toApplication);
    }

    /** @param nameContains empty for all */
    public List<Application> list(AccountId account, String nameContains, int offset, int limit) {
        return dsl.selectFrom(APPLICATIONS).where(filter(account, nameContains))
                .orderBy(APPLICATIONS.ID).offset(offset).limit(limit)
                .fetch().map(ApplicationStore::toApplication);
    }

    public int count(AccountId account, String nameContains) {
        return dsl.fetchCount(APPLICATIONS, filter(account, nameContains));
    }

    private static Condition filter(AccountId account, String nameContains) {
        Condition c = APPLICATIONS.ACCOUNT_ID.eq(account.value());
        return nameContains.isEmpty() ? c : c.and(APPLICATIONS.NAME.containsIgnoreCase(nameContains));
    }

    public Optional<Application> update(AccountId account, ApplicationId id, Optional<String> name,
                                        Optional<Boolean> secureRecordStorage) throws PlatformException {
        var update = dsl.update(APPLICATIONS).set(APPLICATIONS.MODIFIED_AT, Sql.now(clock));
        if (name.isPresent()) {
            update = update.set(APPLICATIONS.NAME, name.get());
        }
        if (secureRecordStorage.isPresent()) {
            update = update.set(APPLICATIONS.SECURE_RECORD_STORAGE, secureRecordStorage.get());
        }
        try {
            return update.where(APPLICATIONS.ACCOUNT_ID.eq(account.value()), APPLICATIONS.ID.eq(id.value()))
                    .returning().fetchOptional().map(ApplicationStore::toApplication);
        } catch (DataAccessException e) {
            throw Sql.conflictOrThrow(e, "name", "an application named '" + name.orElse("") + "' already exists in this account");
        }
    }

    public boolean delete(AccountId account, ApplicationId id) {
        return dsl.deleteFrom(APPLICATIONS)
                .where(APPLICATIONS.ACCOUNT_ID.eq(account.value()), APPLICATIONS.ID.eq(id.value())).execute() > 0;
    }

    static Application toApplication(ApplicationsRecord r) {
        return new Application(new ApplicationId(r.getId()), new AccountId(r.getAccountId()), r.getName(),
                r.getSecureRecordStorage(), r.getRulesVersion(), r.getCreatedAt().toInstant(), r.getModifiedAt().toInstant());
    }

    /** Locks the application row for the rest of the transaction; empty if it is not in the account. */
    static Optional<ApplicationsRecord> lock(DSLContext tx, AccountId account, ApplicationId id) {
        return tx.selectFrom(APPLICATIONS)
                .where(APPLICATIONS.ACCOUNT_ID.eq(account.value()), APPLICATIONS.ID.eq(id.value()))
                .forUpdate().fetchOptional();
    }

    /** Bumps the rules version of a locked application. */
    static long bumpRulesVersion(DSLContext tx, ApplicationsRecord app, Clock clock) {
        long next = app.getRulesVersion() + 1;
        tx.update(APPLICATIONS).set(APPLICATIONS.RULES_VERSION, next).set(APPLICATIONS.MODIFIED_AT, Sql.now(clock))
                .where(APPLICATIONS.ID.eq(app.getId())).execute();
        return next;
    }
}
