package dev.dialtone.platform.persistence;

import static dev.dialtone.platform.persistence.jooq.Tables.SERVICE_KEYS;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.jooq.DSLContext;

import dev.dialtone.core.AccountId;
import dev.dialtone.platform.model.KeyRole;
import dev.dialtone.platform.model.ServiceKey;
import dev.dialtone.platform.persistence.jooq.tables.records.ServiceKeysRecord;

/** Service-account keys: metadata and the public key (X.509 SubjectPublicKeyInfo DER). Never a private key. */
public final class ServiceKeyStore {
    private final DSLContext dsl;
    private final Clock clock;

    public ServiceKeyStore(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /** A key with its public key, for verification. */
    public record WithPublicKey(ServiceKey key, byte[] publicKeyDer) {
    }

    public ServiceKey create(AccountId account, String keyId, String name, String description, KeyRole role, byte[] publicKeyDer) {
        return toKey(dsl.insertInto(SERVICE_KEYS)
                .set(SERVICE_KEYS.KEY_ID, keyId)
                .set(SERVICE_KEYS.ACCOUNT_ID, account.value())
                .set(SERVICE_KEYS.NAME, name)
                .set(SERVICE_KEYS.DESCRIPTION, description)
                .set(SERVICE_KEYS.ROLE, role.wire())
                .set(SERVICE_KEYS.PUBLIC_KEY, publicKeyDer)
                .set(SERVICE_KEYS.CREATED_AT, Sql.now(clock))
                .returning().fetchSingle());
    }

    /** The key with this id, whatever its account (the caller checks the account). */
    public Optional<WithPublicKey> findForVerification(String keyId) {
        return dsl.selectFrom(SERVICE_KEYS).where(SERVICE_KEYS.KEY_ID.eq(keyId)).fetchOptional()
                .map(r -> new WithPublicKey(toKey(r), r.getPublicKey()));
    }

    public Optional<ServiceKey> find(AccountId account, String keyId) {
        return dsl.selectFrom(SERVICE_KEYS)
                .where(SERVICE_KEYS.KEY_ID.eq(keyId).and(SERVICE_KEYS.ACCOUNT_ID.eq(account.value())))
                .fetchOptional().map(ServiceKeyStore::toKey);
    }

    public List<ServiceKey> list(AccountId account, int offset, int limit) {
        return dsl.selectFrom(SERVICE_KEYS).where(SERVICE_KEYS.ACCOUNT_ID.eq(account.value()))
                .orderBy(SERVICE_KEYS.CREATED_AT, SERVICE_KEYS.KEY_ID).offset(offset).limit(limit)
                .fetch().map(ServiceKeyStore::toKey);
    }

    public int count(AccountId account) {
        return dsl.fetchCount(SERVICE_KEYS, SERVICE_KEYS.ACCOUNT_ID.eq(account.value()));
    }

    /** Changes the fields given; empty if the account has no such key. */
    public Optional<ServiceKey> update(AccountId account, String keyId, Optional<String> name, Optional<String> description,
                                       Optional<KeyRole> role) {
        var update = dsl.update(SERVICE_KEYS).set(SERVICE_KEYS.KEY_ID, SERVICE_KEYS.KEY_ID);
        if (name.isPresent()) {
            update = update.set(SERVICE_KEYS.NAME, name.get());
        }
        if (description.isPresent()) {
            update = update.set(SERVICE_KEYS.DESCRIPTION, description.get());
        }
        if (role.isPresent()) {
            update = update.set(SERVICE_KEYS.ROLE, role.get().wire());
        }
        return update.where(SERVICE_KEYS.KEY_ID.eq(keyId).and(SERVICE_KEYS.ACCOUNT_ID.eq(account.value())))
                .returning().fetchOptional().map(ServiceKeyStore::toKey);
    }

    public boolean delete(AccountId account, String keyId) {
        return dsl.deleteFrom(SERVICE_KEYS)
                .where(SERVICE_KEYS.KEY_ID.eq(keyId).and(SERVICE_KEYS.ACCOUNT_ID.eq(account.value()))).execute() > 0;
    }

    private static ServiceKey toKey(ServiceKeysRecord r) {
        return new ServiceKey(r.getKeyId(), new AccountId(r.getAccountId()), r.getName(), r.getDescription(),
                KeyRole.parse(r.getRole()).orElseThrow(() -> new IllegalStateException("unknown role in the database: " + r.getRole())),
                Sql.instant(r.getCreatedAt()));
    }
}
