package dev.dialtone.platform.service;

import java.util.List;
import java.util.Optional;

import dev.dialtone.core.ApplicationId;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.model.Account;
import dev.dialtone.platform.model.AppUser;
import dev.dialtone.platform.model.VersionCheck;
import dev.dialtone.platform.persistence.UserStore;
import dev.dialtone.users.PasswordHash;
import dev.dialtone.users.UserDirectory;
import dev.dialtone.users.UsersException;

/** Application users: validated by the user directory, passwords hashed with argon2id. */
public final class UserService {
    public static final int MAX_CUSTOM_DATA = 4096;

    private final UserStore store;
    private final UserDirectory directory;

    public UserService(UserStore store, UserDirectory directory) {
        this.store = store;
        this.directory = directory;
    }

    /** A new user as the caller describes it. Its password is never logged or echoed. */
    public record NewUser(String name, String displayName, String password, boolean active, String customData) {
        @Override
        public String toString() {
            return "NewUser[" + name + "]";
        }
    }

    /** Changes; empty fields stay. */
    public record Change(Optional<String> name, Optional<String> displayName, Optional<String> password,
                         Optional<Boolean> active, Optional<String> customData) {
        @Override
        public String toString() {
            return "Change[" + name + "]";
        }
    }

    public AppUser create(ApplicationId app, NewUser u) throws PlatformException {
        try {
            String name = directory.userName(u.name()).value();
            String display = directory.displayName(u.displayName() == null ? u.name() : u.displayName()).value();
            checkCustomData(u.customData());
            PasswordHash hash = directory.hashPassword(u.password());
            return store.create(app, name, display, hash, u.active(), u.customData());
        } catch (UsersException e) {
            throw PlatformException.invalid(e.field(), e.getMessage());
        }
    }

    public AppUser get(Account caller, long userId) throws PlatformException {
        return store.find(caller.id(), userId).orElseThrow(() -> PlatformException.notFound("user", userId));
    }

    public AppUser get(Account caller, ApplicationId app, long userId) throws PlatformException {
        AppUser u = get(caller, userId);
        if (!u.applicationId().equals(app)) {
            throw PlatformException.notFound("user", userId);
        }
        return u;
    }

    public Optional<AppUser> byName(ApplicationId app, String name) {
        return store.findByName(app, name);
    }

    public List<AppUser> list(ApplicationId app, String nameContains, int offset, int limit) {
        return store.list(app, nameContains, offset, limit);
    }

    public int count(ApplicationId app, String nameContains) {
        return store.count(app, nameContains);
    }

    public AppUser update(Account caller, long userId, Change c, Optional<VersionCheck> check) throws PlatformException {
        try {
            Optional<String> name = c.name().isPresent() ? Optional.of(directory.userName(c.name().get()).value()) : Optional.empty();
            Optional<String> display = c.displayName().isPresent()
                    ? Optional.of(directory.displayName(c.displayName().get()).value()) : Optional.empty();
            if (c.customData().isPresent()) {
                checkCustomData(c.customData().get());
            }
            Optional<PasswordHash> hash = c.password().isPresent() ? Optional.of(directory.hashPassword(c.password().get()))
                    : Optional.empty();
            return store.update(caller.id(), userId, new UserStore.Change(name, display, hash, c.active(), c.customData()), check)
                    .orElseThrow(() -> PlatformException.notFound("user", userId));
        } catch (UsersException e) {
            throw PlatformException.invalid(e.field(), e.getMessage());
        }
    }

    public void delete(Account caller, long userId) throws PlatformException {
        if (!store.delete(caller.id(), userId)) {
            throw PlatformException.notFound("user", userId);
        }
    }

    private static void checkCustomData(String data) throws PlatformException {
        if (data != null && data.length() > MAX_CUSTOM_DATA) {
            throw PlatformException.invalid("user_custom_data", "user_custom_data is " + data.length()
                    + " characters long; the limit is " + MAX_CUSTOM_DATA);
        }
    }
}
