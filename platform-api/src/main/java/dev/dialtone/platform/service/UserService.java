package dev.dialtone.platform.service;

import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.dialtone.core.ApplicationId;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.model.Account;
import dev.dialtone.platform.model.AppUser;
import dev.dialtone.platform.model.VersionCheck;
import dev.dialtone.platform.persistence.UserStore;
import dev.dialtone.platform.security.SecretBox;
import dev.dialtone.users.OneTimeKeyScheme;
import dev.dialtone.users.PasswordHash;
import dev.dialtone.users.UserDirectory;
import dev.dialtone.users.UsersException;

/**
 * Application users: validated by the user directory, passwords hashed with argon2id. For the web
 * SDK's one-time-key login the inner digest of the original's scheme ({@link OneTimeKeyScheme}) is
 * kept too, sealed with the node's secret key; it is recomputed whenever the password is set and
 * dropped when the user is renamed without a new password (the digest covers the name).
 */
public final class UserService {
    public static final int MAX_CUSTOM_DATA = 4096;

    private final UserStore store;
    private final UserDirectory directory;
    private final SecretBox secrets;
    private final List<Consumer<AppUser>> deletionListeners = new CopyOnWriteArrayList<>();

    public UserService(UserStore store, UserDirectory directory, SecretBox secrets) {
        this.store = store;
        this.directory = directory;
        this.secrets = secrets;
    }

    /** Calls {@code listener} after a user was deleted (the web SDK gateway ends its connections). */
    public void onDeleted(Consumer<AppUser> listener) {
        deletionListeners.add(listener);
    }

    /** The user with what a web SDK login checks; empty if there is no such user. */
    public Optional<UserStore.Credentials> credentials(ApplicationId app, String name) {
        return store.credentials(app, name);
    }

    /** Whether {@code password} is the user's password (argon2id, constant time; tens of milliseconds). */
    public boolean passwordMatches(UserStore.Credentials credentials, String password) {
        return directory.verifyPassword(password, credentials.password());
    }

    /** The user's one-time-key digest, unsealed; empty if none is stored or it cannot be opened with this node's key. */
    public Optional<String> loginKeyDigest(UserStore.Credentials credentials) {
        if (credentials.sealedLoginKeyDigest().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(secrets.decrypt(credentials.sealedLoginKeyDigest().get()));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private String sealedDigest(String name, String password) throws UsersException {
        return secrets.encrypt(OneTimeKeyScheme.userDigest(directory.userName(name), password));
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
            return store.create(app, name, display, hash, u.active(), u.customData(),
                    Optional.of(sealedDigest(name, u.password())));
        } catch (UsersException e) {
            throw PlatformException.invalid(e.field(), e.getMessage());
        }
    }

    /**
     * A user who logs in only with access tokens (the web SDK's guests): stored with a hash no password matches
     * ({@link dev.dialtone.users.UserDirectory#noPassword()}), so creating one costs no argon2id run, and without a
     * one-time-key digest (that login needs a password).
     */
    public AppUser createWithoutPassword(ApplicationId app, String name, String displayName) throws PlatformException {
        try {
            String n = directory.userName(name).value();
            String display = directory.displayName(displayName).value();
            return store.create(app, n, display, directory.noPassword(), true, null, Optional.empty());
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
            Optional<UserStore.LoginKeyDigest> digest = Optional.empty();
            if (c.password().isPresent()) {
                String finalName = name.isPresent() ? name.get() : get(caller, userId).name();
                digest = Optional.of(new UserStore.LoginKeyDigest(Optional.of(sealedDigest(finalName, c.password().get()))));
            } else if (name.isPresent() && !name.get().equals(get(caller, userId).name())) {
                digest = Optional.of(new UserStore.LoginKeyDigest(Optional.empty()));
            }
            return store.update(caller.id(), userId, new UserStore.Change(name, display, hash, c.active(), c.customData(), digest),
                            check)
                    .orElseThrow(() -> PlatformException.notFound("user", userId));
        } catch (UsersException e) {
            throw PlatformException.invalid(e.field(), e.getMessage());
        }
    }

    public void delete(Account caller, long userId) throws PlatformException {
        AppUser user = get(caller, userId);
        if (!store.delete(caller.id(), userId)) {
            throw PlatformException.notFound("user", userId);
        }
        deletionListeners.forEach(l -> l.accept(user));
    }

    private static void checkCustomData(String data) throws PlatformException {
        if (data != null && data.length() > MAX_CUSTOM_DATA) {
            throw PlatformException.invalid("user_custom_data", "user_custom_data is " + data.length()
                    + " characters long; the limit is " + MAX_CUSTOM_DATA);
        }
    }
}
