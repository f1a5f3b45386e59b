package dev.dialtone.platform.persistence;

import static dev.dialtone.platform.persistence.jooq.Tables.PHONE_NUMBERS;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.model.PhoneNumber;
import dev.dialtone.platform.persistence.jooq.tables.records.PhoneNumbersRecord;

/** Phone numbers, each bound to one application. A number belongs to at most one account on the node. */
public final class PhoneNumberStore {
    private final DSLContext dsl;
    private final Clock clock;

    public PhoneNumberStore(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    public PhoneNumber create(AccountId account, String number, ApplicationId app) throws PlatformException {
        try {
            return toNumber(dsl.insertInto(PHONE_NUMBERS)
                    .set(PHONE_NUMBERS.ACCOUNT_ID, account.value())
                    .set(PHONE_NUMBERS.NUMBER, number)
                    .set(PHONE_NUMBERS.APPLICATION_ID, app.value())
                    .set(PHONE_NUMBERS.CREATED_AT, Sql.now(clock))
                    .returning().fetchSingle());
        } catch (DataAccessException e) {
            throw Sql.conflictOrThrow(e, "number", "the number " + number + " is already registered on this node");
        }
    }

    public Optional<PhoneNumber> find(AccountId account, long id) {
        return dsl.selectFrom(PHONE_NUMBERS).where(PHONE_NUMBERS.ACCOUNT_ID.eq(account.value()), PHONE_NUMBERS.ID.eq(id))
                .fetchOptional().map(PhoneNumberStore::toNumber);
    }

    /** The application a dialed number belongs to, whatever the account (for inbound routing). */
    public Optional<PhoneNumber> findByNumber(String number) {
        return dsl.selectFrom(PHONE_NUMBERS).where(PHONE_NUMBERS.NUMBER.eq(number)).fetchOptional().map(PhoneNumberStore::toNumber);
    }

    public List<PhoneNumber> list(AccountId account, Optional<ApplicationId> app) {
        var c = PHONE_NUMBERS.ACCOUNT_ID.eq(account.value());
        if (app.isPresent()) {
            c = c.and(PHONE_NUMBERS.APPLICATION_ID.eq(app.get().value()));
        }
        return dsl.selectFrom(PHONE_NUMBERS).where(c).orderBy(PHONE_NUMBERS.ID).fetch().map(PhoneNumberStore::toNumber);
    }

    public Optional<PhoneNumber> bind(AccountId account, long id, ApplicationId app) {
        return dsl.update(PHONE_NUMBERS).set(PHONE_NUMBERS.APPLICATION_ID, app.value())
                .where(PHONE_NUMBERS.ACCOUNT_ID.eq(account.value()), PHONE_NUMBERS.ID.eq(id))
                .returning().fetchOptional().map(PhoneNumberStore::toNumber);
    }

    public boolean delete(AccountId account, long id) {
        return dsl.deleteFrom(PHONE_NUMBERS).where(PHONE_NUMBERS.ACCOUNT_ID.eq(account.value()), PHONE_NUMBERS.ID.eq(id))
                .execute() > 0;
    }

    private static PhoneNumber toNumber(PhoneNumbersRecord r) {
        return new PhoneNumber(r.getId(), new AccountId(r.getAccountId()), r.getNumber(), new ApplicationId(r.getApplicationId()),
                r.getCreatedAt().toInstant());
    }
}
