package dev.dialtone.platform.persistence;

import static dev.dialtone.platform.persistence.jooq.Tables.APPLICATIONS;
import static dev.dialtone.platform.persistence.jooq.Tables.SDK_GUEST_ACCESS;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.jooq.DSLContext;
import org.jooq.Record;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;

/** Per application, whether (and how) the web SDK gateway creates guest users ({@code POST /sdk/guests}). */
public final class GuestAccessStore {
    private final DSLContext dsl;

    public GuestAccessStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** An application's guest sign-up settings. */
    public record Settings(ApplicationId application, String userPrefix, int maxGuests, Duration ttl) {
    }

    public Optional<Settings> find(ApplicationId app) {
        return dsl.selectFrom(SDK_GUEST_ACCESS).where(SDK_GUEST_ACCESS.APPLICATION_ID.eq(app.value())).fetchOptional()
                .map(GuestAccessStore::settings);
    }

    /** An application's settings with the account that owns the application. */
    public record Owned(AccountId account, Settings settings) {
    }

    /** Every application with guest sign-up on. */
    public List<Owned> all() {
        return dsl.select(SDK_GUEST_ACCESS.fields()).select(APPLICATIONS.ACCOUNT_ID).from(SDK_GUEST_ACCESS)
                .join(APPLICATIONS).on(APPLICATIONS.ID.eq(SDK_GUEST_ACCESS.APPLICATION_ID))
                .orderBy(SDK_GUEST_ACCESS.APPLICATION_ID)
                .fetch(r -> new Owned(new AccountId(r.get(APPLICATIONS.ACCOUNT_ID)), settings(r)));
    }

    public void put(Settings s) {
        dsl.insertInto(SDK_GUEST_ACCESS)
                .set(SDK_GUEST_ACCESS.APPLICATION_ID, s.application().value())
                .set(SDK_GUEST_ACCESS.USER_PREFIX, s.userPrefix())
                .set(SDK_GUEST_ACCESS.MAX_GUESTS, s.maxGuests())
                .set(SDK_GUEST_ACCESS.TTL_SECONDS, Math.toIntExact(s.ttl().toSeconds()))
                .onConflict(SDK_GUEST_ACCESS.APPLICATION_ID).doUpdate()
                .set(SDK_GUEST_ACCESS.USER_PREFIX, s.userPrefix())
                .set(SDK_GUEST_ACCESS.MAX_GUESTS, s.maxGuests())
                .set(SDK_GUEST_ACCESS.TTL_SECONDS, Math.toIntExact(s.ttl().toSeconds()))
                .execute();
    }

    /** @return whether there was a row */
    public boolean delete(ApplicationId app) {
        return dsl.deleteFrom(SDK_GUEST_ACCESS).where(SDK_GUEST_ACCESS.APPLICATION_ID.eq(app.value())).execute() > 0;
    }

    private static Settings settings(Record r) {
        return new Settings(new ApplicationId(r.get(SDK_GUEST_ACCESS.APPLICATION_ID)), r.get(SDK_GUEST_ACCESS.USER_PREFIX),
                r.get(SDK_GUEST_ACCESS.MAX_GUESTS), Duration.ofSeconds(r.get(SDK_GUEST_ACCESS.TTL_SECONDS)));
    }
}
