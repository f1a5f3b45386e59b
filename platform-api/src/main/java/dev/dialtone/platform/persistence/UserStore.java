package dev.dialtone.platform.persistence;

import static dev.dialtone.platform.persistence.jooq.Tables.APPLICATIONS;
import static dev.dialtone.platform.persistence.jooq.Tables.APP_USERS;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.model.AppUser;
import dev.dialtone.platform.model.VersionCheck;
import dev.dialtone.platform.persistence.jooq.tables.records.AppUsersRecord;
import dev.dialtone.users.PasswordHash;

/** Application users. The password hash is written here and read back only for verification. */
public final class UserStore {
    private final DSLContext dsl;
    private final Clock clock;

    public UserStore(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /** What to change; empty fields stay. */
    public record Change(Optional<String> name, Optional<String> displayName, Optional<PasswordHash> password,
                         Optional<Boolean> active, Optional<String> customData, Optional<LoginKeyDigest> loginKeyDigest) {
        public Change(Optional<String> name, Optional<String> displayName, Optional<PasswordHash> password,
                      Optional<Boolean> active, Optional<String> customData) {
            this(name, displayName, password, active, customData, Optional.empty());
        }
    }

    /** A new sealed one-time-key digest, or none ({@code sealed} empty: the stored one is dropped). */
    public record LoginKeyDigest(Optional<String> sealed) {
    }

    /** What a web SDK login checks, read in one query. */
    public record Credentials(AppUser user, PasswordHash password, Optional<String> sealedLoginKeyDigest) {
        @Override
        public String toString() {
            return "Credentials[" + user.name() + "]";
        }
    }

    public AppUser create(ApplicationId app, String name, String displayName, PasswordHash password, boolean active,
                          String customData) throws PlatformException {
        return create(app, name, displayName, password, active, customData, Optional.empty());
    }

    /** @param sealedLoginKeyDigest the one-time-key digest sealed with the node's secret key (web SDK) */
    public AppUser create(ApplicationId app, String name, String displayName, PasswordHash password, boolean active,
                          String customData, Optional<String> sealedLoginKeyDigest) throws PlatformException {
        var now = Sql.now(clock);
        try {
            return toUser(dsl.insertInto(APP_USERS)
                    .set(APP_USERS.APPLICATION_ID, app.value())
                    .set(APP_USERS.NAME, name)
                    .set(APP_USERS.DISPLAY_NAME, displayName)
                    .set(APP_USERS.PASSWORD_HASH, password.phc())
                    .set(APP_USERS.ACTIVE, active)
                    .set(APP_USERS.CUSTOM_DATA, customData)
                    .set(APP_USERS.LOGIN_KEY_DIGEST, sealedLoginKeyDigest.orElse(null))
                    .set(APP_USERS.CREATED_AT, now)
                    .set(APP_USERS.MODIFIED_AT, now)
                    .returning().fetchSingle());
        } catch (DataAccessException e) {
            throw Sql.conflictOrThrow(e, "user_name", "a user named '" + name + "' already exists in this application");
        }
    }

    public Optional<AppUser> find(AccountId account, long userId) {
        return dsl.select(APP_USERS.fields()).from(APP_USERS)
                .join(APPLICATIONS).on(APPLICATIONS.ID.eq(APP_USERS.APPLICATION_ID))
                .where(APPLICATIONS.ACCOUNT_ID.eq(account.value()), APP_USERS.ID.eq(userId))
                .fetchOptionalInto(APP_USERS).map(UserStore::toUser);
    }

    public Optional<AppUser> findByName(ApplicationId app, String name) {
        return dsl.selectFrom(APP_USERS).where(APP_USERS.APPLICATION_ID.eq(app.value()), APP_USERS.NAME.eq(name))
                .fetchOptional().map(UserStore::toUser);
    }

    /** The stored hash, for verifying a login (web SDK issue). */
    public Optional<PasswordHash> passwordHash(ApplicationId app, String name) {
        return dsl.select(APP_USERS.PASSWORD_HASH).from(APP_USERS)
                .where(APP_USERS.APPLICATION_ID.eq(app.value()), APP_USERS.NAME.eq(name))
                .fetchOptional(APP_USERS.PASSWORD_HASH).map(PasswordHash::new);
    }

    /** The user with its password hash and sealed one-time-key digest, for a web SDK login. */
    public Optional<Credentials> credentials(ApplicationId app, String name) {
        return dsl.selectFrom(APP_USERS).where(APP_USERS.APPLICATION_ID.eq(app.value()), APP_USERS.NAME.eq(name))
                .fetchOptional().map(r -> new Credentials(toUser(r), new PasswordHash(r.getPasswordHash()),
                        Optional.ofNullable(r.getLoginKeyDigest())));
    }

    public List<AppUser> list(ApplicationId app, String nameContains, int offset, int limit) {
        return dsl.selectFrom(APP_USERS).where(filter(app, nameContains)).orderBy(APP_USERS.ID).offset(offset).limit(limit)
                .fetch().map(UserStore::toUser);
    }

    public int count(ApplicationId app, String nameContains) {
        return dsl.fetchCount(APP_USERS, filter(app, nameContains));
    }

    private static Condition filter(ApplicationId app, String nameContains) {
        Condition c = APP_USERS.APPLICATION_ID.eq(app.value());
        return nameContains.isEmpty() ? c : c.and(APP_USERS.NAME.containsIgnoreCase(nameContains));
    }

    public Optional<AppUser> update(AccountId account, long userId, Change change, Optional<VersionCheck> check)
            throws PlatformException {
        try {
            return dsl.transactionResult(cfg -> {
                DSLContext tx = cfg.dsl();
                Optional<AppUsersRecord> found = tx.select(APP_USERS.fields()).from(APP_USERS)
                        .join(APPLICATIONS).on(APPLICATIONS.ID.eq(APP_USERS.APPLICATION_ID))
                        .where(APPLICATIONS.ACCOUNT_ID.eq(account.value()), APP_USERS.ID.eq(userId))
                        .forUpdate().of(APP_USERS).fetchOptionalInto(APP_USERS);
                if (found.isEmpty()) {
                    return Optional.<AppUser>empty();
                }
                AppUsersRecord r = found.get();
                r.attach(tx.configuration());
                if (check.isPresent() && !check.get().matches(r.getVersion())) {
                    throw check.get().stale("user " + userId, r.getVersion());
                }
                change.name().ifPresent(r::setName);
                change.displayName().ifPresent(r::setDisplayName);
                change.password().ifPresent(p -> r.setPasswordHash(p.phc()));
                change.active().ifPresent(r::setActive);
                change.customData().ifPresent(r::setCustomData);
                change.loginKeyDigest().ifPresent(d -> r.setLoginKeyDigest(d.sealed().orElse(null)));
                r.setVersion(r.getVersion() + 1);
                r.setModifiedAt(Sql.now(clock));
                r.update();
                return Optional.of(toUser(r));
            });
        } catch (DataAccessException e) {
            if (e.getCause() instanceof PlatformException p) {
                throw p;
            }
            throw Sql.conflictOrThrow(e, "user_name", "a user named '" + change.name().orElse("") + "' already exists in this application");
        } catch (RuntimeException e) {
            if (e.getCause() instanceof PlatformException p) {
                throw p;
            }
            throw e;
        }
    }

    public boolean delete(AccountId account, long userId) {
        return find(account, userId).isPresent() && dsl.deleteFrom(APP_USERS).where(APP_USERS.ID.eq(userId)).execute() > 0;
    }

    private static AppUser toUser(AppUsersRecord r) {
        return new AppUser(r.getId(), new ApplicationId(r.getApplicationId()), r.getName(), r.getDisplayName(), r.getActive(),
                r.getCustomData(), r.getVersion(), r.getCreatedAt().toInstant(), r.getModifiedAt().toInstant());
    }
}
