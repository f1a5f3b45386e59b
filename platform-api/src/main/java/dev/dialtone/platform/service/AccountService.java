package dev.dialtone.platform.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.Scheduler;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.PlatformException.Kind;
import dev.dialtone.platform.model.Account;
import dev.dialtone.platform.persistence.AccountStore;
import dev.dialtone.platform.security.ApiKeys;

/** Accounts, their API keys and authentication of callers. */
public final class AccountService {
    private static final Logger LOG = LoggerFactory.getLogger(AccountService.class);
    public static final String ADMIN_NAME = "admin";
    public static final String BOOTSTRAP_FILE = "bootstrap-credentials.json";
    private static final long CACHE_NANOS = 10_000_000_000L;

    private final AccountStore store;
    private final ApiKeys keys;
    private final Scheduler scheduler;
    private final Map<String, Cached> byKeyHash = new ConcurrentHashMap<>();
    private final List<Consumer<AccountId>> deletionListeners = new CopyOnWriteArrayList<>();

    private record Cached(Account account, long expiresAt) {
    }

    /** A new account with its API key, which is shown this once and never stored in clear. */
    public record Created(Account account, String apiKey) {
        @Override
        public String toString() {
            return "Created[" + account + ", apiKey=<hidden>]";
        }
    }

    public AccountService(AccountStore store, ApiKeys keys, Scheduler scheduler) {
        this.store = store;
        this.keys = keys;
        this.scheduler = scheduler;
    }

    /**
     * Creates the administrator account on the first start and writes its credentials to
     * {@code dataDir/bootstrap-credentials.json} (mode 0600). Does nothing if an administrator exists.
     */
    public Optional<Created> bootstrap(Optional<String> presetKey, Path dataDir) throws PlatformException, IOException {
        if (store.adminExists()) {
            return Optional.empty();
        }
        String key = presetKey.orElseGet(keys::generate);
        Account admin = store.create(ADMIN_NAME, ApiKeys.hash(key), true);
        Path file = dataDir.resolve(BOOTSTRAP_FILE);
        Path tmp = dataDir.resolve(BOOTSTRAP_FILE + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, "{\"account_id\":" + admin.id().value() + ",\"account_name\":\"" + admin.name()
                + "\",\"api_key\":\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}\n");
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("created the administrator account '{}' (id {}); credentials in {}", admin.name(), admin.id(), file);
        return Optional.of(new Created(admin, key));
    }

    /** Calls {@code listener} after each account deletion (e.g. to drop cached data of that account). */
    public void onDeleted(Consumer<AccountId> listener) {
        deletionListeners.add(listener);
    }

    public Created create(Account caller, String name) throws PlatformException {
        requireAdmin(caller);
        Names.accountName("name", name);
        String key = keys.generate();
        Account account = store.create(name, ApiKeys.hash(key), false);
        LOG.info("account '{}' (id {}) created by account {}", account.name(), account.id(), caller.id());
        return new Created(account, key);
    }

    public List<Account> list(Account caller) {
        return caller.admin() ? store.list() : List.of(caller);
    }

    public Account get(Account caller, AccountId id) throws PlatformException {
        if (!caller.admin() && !caller.id().equals(id)) {
            throw PlatformException.notFound("account", id);
        }
        return store.find(id).orElseThrow(() -> PlatformException.notFound("account", id));
    }

    /** The account with this id, without a permission check (for signed-in console sessions). */
    public Optional<Account> find(AccountId id) {
        return store.find(id);
    }

    /** The account with this name, without a permission check (SIP addressing and web SDK user names: {@code app.account.domain}). */
    public Optional<Account> findByName(String name) {
        return store.findByName(name);
    }

    public void delete(Account caller, AccountId id) throws PlatformException {
        if (!caller.admin()) {
            throw PlatformException.notFound("account", id);
        }
        if (caller.id().equals(id)) {
            throw PlatformException.invalid("account_id", "the administrator account cannot delete itself");
        }
        if (!store.delete(id)) {
            throw PlatformException.notFound("account", id);
        }
        byKeyHash.clear();
        deletionListeners.forEach(l -> l.accept(id));
        LOG.info("account {} deleted by account {}", id, caller.id());
    }

    /** The account whose API key this is. */
    public Account authenticate(String apiKey) throws PlatformException {
        if (apiKey == null || apiKey.isEmpty() || apiKey.length() > 256) {
            throw unauthorized();
        }
        String hash = ApiKeys.hash(apiKey);
        long now = scheduler.nanoTime();
        Cached cached = byKeyHash.get(hash);
        if (cached != null && cached.expiresAt - now > 0) {
            return cached.account;
        }
        Account account = store.findByKeyHash(hash).orElseThrow(AccountService::unauthorized);
        if (byKeyHash.size() > 10_000) {
            byKeyHash.clear();
        }
        byKeyHash.put(hash, new Cached(account, now + CACHE_NANOS));
        return account;
    }

    /** The compatible face's check: {@code account_id} or {@code account_name}, plus {@code api_key}. */
    public Account authenticate(Optional<Long> accountId, Optional<String> accountName, String apiKey) throws PlatformException {
        Account account = authenticate(apiKey);
        if (accountId.isPresent() && accountId.get() != account.id().value()) {
            throw unauthorized();
        }
        if (accountName.isPresent() && !accountName.get().equals(account.name())) {
            throw unauthorized();
        }
        if (accountId.isEmpty() && accountName.isEmpty()) {
            throw new PlatformException(Kind.UNAUTHORIZED, "account_id", "account_id or account_name is required with api_key");
        }
        return account;
    }

    private static PlatformException unauthorized() {
        return new PlatformException(Kind.UNAUTHORIZED, null, "missing or wrong API key");
    }

    private static void requireAdmin(Account caller) throws PlatformException {
        if (!caller.admin()) {
            throw new PlatformException(Kind.FORBIDDEN, null, "only the administrator account can manage accounts");
        }
    }
}
