package dev.dialtone.platform.service;

import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.Scheduler;
import dev.dialtone.platform.JwtConfig;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.live.LiveState;
import dev.dialtone.platform.model.Account;
import dev.dialtone.platform.model.KeyRole;
import dev.dialtone.platform.model.ServiceKey;
import dev.dialtone.platform.persistence.AccountStore;
import dev.dialtone.platform.persistence.ServiceKeyStore;
import dev.dialtone.platform.security.JwtVerifier;
import dev.dialtone.platform.security.RsaKeys;

/**
 * Service-account keys and the authentication of the JWTs signed with them.
 *
 * <p>Creating a key generates an RSA key pair, stores the public key and hands the private key out
 * once. Verification looks public keys up by key id in a cache of parsed keys; deleting a key, changing
 * its role or deleting its account drops the cached copy on this node at once and on the other nodes
 * of a cluster as soon as the live state's message arrives. A load that raced with such a change is
 * not kept, and every entry is re-read from the database after {@link #CACHE_SECONDS} anyway.
 */
public final class ServiceKeyService {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceKeyService.class);
    /** Keys one account may have. */
    public static final int MAX_KEYS_PER_ACCOUNT = 100;
    public static final int MAX_NAME_CHARS = 50;
    public static final int MAX_DESCRIPTION_CHARS = 1000;
    static final int CACHE_SECONDS = 30;
    private static final int MAX_CACHED = 10_000;
    private static final String TOPIC = "service-keys";

    private final ServiceKeyStore store;
    private final AccountStore accounts;
    private final LiveState live;
    private final Scheduler scheduler;
    private final SecureRandom random;
    private final JwtVerifier verifier;
    private final Map<String, CachedKey> cache = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();

    /** A key as verification needs it: the parsed public key and the owning account. */
    private record CachedKey(ServiceKey key, Account account, RSAPublicKey rsa, long loadedAt) implements JwtVerifier.TrustedKey {
        @Override
        public long accountId() {
            return account.id().value();
        }

        @Override
        public PublicKey publicKey() {
            return rsa;
        }
    }

    /** A new key with its private key (PKCS#8 PEM), which exists only in this answer. */
    public record Created(ServiceKey key, String privateKeyPem) {
        @Override
        public String toString() {
            return "Created[" + key + ", privateKey=<hidden>]";
        }
    }

    /** The caller behind a verified JWT: its account and the key that signed the token. */
    public record KeyCaller(Account account, ServiceKey key) {
    }

    public ServiceKeyService(ServiceKeyStore store, AccountStore accounts, LiveState live, Scheduler scheduler, SecureRandom random,
                             JwtConfig jwt) {
        this.store = store;
        this.accounts = accounts;
        this.live = live;
        this.scheduler = scheduler;
        this.random = random;
        this.verifier = new JwtVerifier(scheduler.clock(), jwt.maxLifetime(), jwt.clockSkew());
        live.subscribe(TOPIC, this::onChange);
    }

    public Created create(Account caller, Optional<String> name, Optional<String> description, KeyRole role) throws PlatformException {
        if (store.count(caller.id()) >= MAX_KEYS_PER_ACCOUNT) {
            throw PlatformException.conflict("key_id", "this account already has " + MAX_KEYS_PER_ACCOUNT
                    + " service-account keys; delete one first");
        }
        String keyId = UUID.randomUUID().toString();
        String n = Names.text("key_name", name.orElse("key-" + keyId.substring(0, 8)), MAX_NAME_CHARS);
        String d = description(description.orElse(""));
        KeyPair pair = RsaKeys.generate(random);
        ServiceKey key = store.create(caller.id(), keyId, n, d, role, pair.getPublic().getEncoded());
        LOG.info("service key {} ({}) created for account {}", keyId, role.wire(), caller.id());
        return new Created(key, RsaKeys.privateKeyPem(pair.getPrivate()));
    }

    public List<ServiceKey> list(Account caller, int offset, int limit) {
        return store.list(caller.id(), offset, limit);
    }

    public int count(Account caller) {
        return store.count(caller.id());
    }

    public ServiceKey get(Account caller, String keyId) throws PlatformException {
        return store.find(caller.id(), keyId).orElseThrow(() -> notFound(keyId));
    }

    /** Renames, describes or changes the role of a key; a role change applies to the very next request. */
    public ServiceKey update(Account caller, String keyId, Optional<String> name, Optional<String> description,
                             Optional<KeyRole> role) throws PlatformException {
        Optional<String> n = name.isPresent() ? Optional.of(Names.text("key_name", name.get(), MAX_NAME_CHARS)) : Optional.empty();
        Optional<String> d = description.isPresent() ? Optional.of(description(description.get())) : Optional.empty();
        ServiceKey key = store.update(caller.id(), keyId, n, d, role).orElseThrow(() -> notFound(keyId));
        if (role.isPresent()) {
            forget("key:" + keyId);
            LOG.info("service key {} of account {} now has role {}", keyId, caller.id(), role.get().wire());
        }
        return key;
    }

    /** Deletes a key: tokens it signed are refused from the next request on. */
    public void delete(Account caller, String keyId) throws PlatformException {
        if (!store.delete(caller.id(), keyId)) {
            throw notFound(keyId);
        }
        forget("key:" + keyId);
        LOG.info("service key {} of account {} deleted", keyId, caller.id());
    }

    /** Forgets cached keys of an account that was deleted (its keys went with it). */
    public void accountDeleted(AccountId account) {
        forget("account:" + account.value());
    }

    /**
     * The account and key behind a JWT from the original's API clients.
     *
     * @throws PlatformException UNAUTHORIZED saying what is wrong with the token
     */
    public KeyCaller authenticate(String jwt) throws PlatformException {
        JwtVerifier.Verified<CachedKey> v = verifier.verify(jwt, this::trusted);
        return new KeyCaller(v.key().account(), v.key().key());
    }

    private Optional<CachedKey> trusted(String keyId) {
        long now = scheduler.nanoTime();
        CachedKey cached = cache.get(keyId);
        if (cached != null && now - cached.loadedAt < CACHE_SECONDS * 1_000_000_000L) {
            return Optional.of(cached);
        }
        long seen = changes.get();
        Optional<ServiceKeyStore.WithPublicKey> stored = store.findForVerification(keyId);
        Optional<Account> account = stored.flatMap(s -> accounts.find(s.key().accountId()));
        if (stored.isEmpty() || account.isEmpty()) {
            cache.remove(keyId);
            return Optional.empty();
        }
        CachedKey loaded = new CachedKey(stored.get().key(), account.get(), RsaKeys.publicKey(stored.get().publicKeyDer()), now);
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(keyId, loaded);
        if (changes.get() != seen) {
            cache.remove(keyId); // a key changed while this one loaded: do not keep what may be stale
        }
        return Optional.of(loaded);
    }

    private void forget(String what) {
        onChange(what);
        live.publish(TOPIC, what);
    }

    /** Drops cached keys: {@code key:<key_id>} or {@code account:<account_id>}. */
    private void onChange(String what) {
        changes.incrementAndGet();
        if (what.startsWith("key:")) {
            cache.remove(what.substring(4));
        } else if (what.startsWith("account:")) {
            long id = Long.parseLong(what.substring(8));
            cache.values().removeIf(c -> c.accountId() == id);
        }
    }

    private static String description(String s) throws PlatformException {
        if (s.isEmpty()) {
            return s;
        }
        return Names.text("description", s, MAX_DESCRIPTION_CHARS);
    }

    private static PlatformException notFound(String keyId) {
        return new PlatformException(PlatformException.Kind.NOT_FOUND, "key_id",
                "no service-account key with id " + Names.quote(keyId) + " in this account");
    }
}
