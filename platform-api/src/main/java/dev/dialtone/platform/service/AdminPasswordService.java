package dev.dialtone.platform.service;

import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.platform.ConsoleConfig;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.PlatformException.Kind;
import dev.dialtone.platform.model.Account;
import dev.dialtone.platform.persistence.AccountStore;
import dev.dialtone.platform.persistence.AdminPasswordStore;
import dev.dialtone.users.PasswordHash;
import dev.dialtone.users.UserDirectory;
import dev.dialtone.users.UsersException;

/**
 * The administrator's console password: an alternative to the API key for signing in to the
 * console. It does not exist until {@code DIALTONE_ADMIN_PASSWORD} sets it on a start where none is
 * stored, or the administrator sets it with {@code PUT /api/v1/admin/password}. Stored argon2id-hashed.
 */
public final class AdminPasswordService {
    private static final Logger LOG = LoggerFactory.getLogger(AdminPasswordService.class);

    private final AdminPasswordStore store;
    private final AccountStore accounts;
    private final UserDirectory hasher;

    /** A verified sign-in: the administrator account and when its password was last set. */
    public record Verified(Account account, Instant passwordChangedAt) {
    }

    public AdminPasswordService(AdminPasswordStore store, AccountStore accounts, UserDirectory hasher) {
        this.store = store;
        this.accounts = accounts;
        this.hasher = hasher;
    }

    /** At start: stores {@code initial} as the password if the administrator has none yet. */
    public void initialize(Optional<String> initial) throws PlatformException {
        if (initial.isEmpty()) {
            return;
        }
        Optional<Account> admin = admin();
        if (admin.isEmpty()) {
            return;
        }
        if (store.find(admin.get().id()).isPresent()) {
            LOG.info("{} is set but an administrator password is already stored; the stored one stays "
                    + "(change it with PUT /api/v1/admin/password)", ConsoleConfig.ADMIN_PASSWORD_ENV);
            return;
        }
        if (store.setIfAbsent(admin.get().id(), hash(initial.get()))) {
            LOG.info("administrator console password set from {}", ConsoleConfig.ADMIN_PASSWORD_ENV);
        }
    }

    /** When the administrator's password was last set; empty if there is none. */
    public Optional<Instant> changedAt(Account caller) throws PlatformException {
        requireAdmin(caller);
        return store.find(caller.id()).map(AdminPasswordStore.Stored::changedAt);
    }

    /** Sets or replaces the password. Console sessions opened with the old password end. */
    public Instant set(Account caller, String password) throws PlatformException {
        requireAdmin(caller);
        Instant at = store.set(caller.id(), hash(password));
        LOG.info("administrator console password changed by account {}", caller.id());
        return at;
    }

    /** Removes the password: password sign-in stops working and its console sessions end. */
    public void clear(Account caller) throws PlatformException {
        requireAdmin(caller);
        if (!store.delete(caller.id())) {
            throw new PlatformException(Kind.NOT_FOUND, null, "no administrator password is set");
        }
        LOG.info("administrator console password removed by account {}", caller.id());
    }

    /** The administrator, if {@code password} is its password. Takes as long as one argon2id hash. */
    public Optional<Verified> verify(String password) {
        if (password == null || password.isEmpty() || password.length() > ConsoleConfig.MAX_PASSWORD_LENGTH) {
            return Optional.empty();
        }
        Optional<Account> admin = admin();
        if (admin.isEmpty()) {
            return Optional.empty();
        }
        Optional<AdminPasswordStore.Stored> stored = store.find(admin.get().id());
        if (stored.isEmpty() || !hasher.verifyPassword(password, stored.get().hash())) {
            return Optional.empty();
        }
        return Optional.of(new Verified(admin.get(), stored.get().changedAt()));
    }

    /** When {@code account}'s password was last set (no permission check: for session validation). */
    public Optional<Instant> currentChange(Account account) {
        return store.find(account.id()).map(AdminPasswordStore.Stored::changedAt);
    }

    private Optional<Account> admin() {
        return accounts.findByName(AccountService.ADMIN_NAME).filter(Account::admin);
    }

    private PasswordHash hash(String password) throws PlatformException {
        String problem = ConsoleConfig.passwordProblem(password);
        if (problem != null) {
            throw PlatformException.invalid("password", "password " + problem);
        }
        try {
            return hasher.hashPassword(password);
        } catch (UsersException e) {
            throw PlatformException.invalid("password", e.getMessage().replace("user_password", "password"));
        }
    }

    private static void requireAdmin(Account caller) throws PlatformException {
        if (!caller.admin()) {
            throw new PlatformException(Kind.FORBIDDEN, null, "only the administrator account has a console password");
        }
    }
}
