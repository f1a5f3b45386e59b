package dev.dialtone.platform.persistence;

import static dev.dialtone.platform.persistence.jooq.Tables.SIP_TRUNKS;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

import dev.dialtone.core.AccountId;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.model.SipTrunk;
import dev.dialtone.platform.model.VersionCheck;
import dev.dialtone.platform.persistence.jooq.tables.records.SipTrunksRecord;

/** SIP trunk configuration. The digest password arrives here already encrypted and leaves only encrypted. */
public final class TrunkStore {
    private final DSLContext dsl;
    private final Clock clock;

    public TrunkStore(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /** A trunk as written; for a change, empty fields stay and {@code passwordEnc} of empty string clears it. */
    public record Fields(Optional<String> name, Optional<String> host, Optional<Integer> port, Optional<String> transport,
                         Optional<List<String>> allowedSources, Optional<String> username, Optional<String> passwordEnc) {
    }

    public SipTrunk create(AccountId account, Fields f) throws PlatformException {
        var now = Sql.now(clock);
        try {
            return toTrunk(dsl.insertInto(SIP_TRUNKS)
                    .set(SIP_TRUNKS.ACCOUNT_ID, account.value())
                    .set(SIP_TRUNKS.NAME, f.name().orElseThrow())
                    .set(SIP_TRUNKS.HOST, f.host().orElseThrow())
                    .set(SIP_TRUNKS.PORT, f.port().orElseThrow())
                    .set(SIP_TRUNKS.TRANSPORT, f.transport().orElseThrow())
                    .set(SIP_TRUNKS.ALLOWED_SOURCES, String.join(" ", f.allowedSources().orElse(List.of())))
                    .set(SIP_TRUNKS.DIGEST_USERNAME, f.username().filter(s -> !s.isEmpty()).orElse(null))
                    .set(SIP_TRUNKS.DIGEST_PASSWORD_ENC, f.passwordEnc().filter(s -> !s.isEmpty()).orElse(null))
                    .set(SIP_TRUNKS.CREATED_AT, now)
                    .set(SIP_TRUNKS.MODIFIED_AT, now)
                    .returning().fetchSingle());
        } catch (DataAccessException e) {
            throw Sql.conflictOrThrow(e, "name", "a SIP trunk named '" + f.name().orElseThrow() + "' already exists in this account");
        }
    }

    public Optional<SipTrunk> find(AccountId account, long id) {
        return record(account, id).map(TrunkStore::toTrunk);
    }

    /** The encrypted digest password, for the SIP connector's outbound authentication. */
    public Optional<String> encryptedPassword(AccountId account, long id) {
        return record(account, id).map(SipTrunksRecord::getDigestPasswordEnc);
    }

    private Optional<SipTrunksRecord> record(AccountId account, long id) {
        return dsl.selectFrom(SIP_TRUNKS).where(SIP_TRUNKS.ACCOUNT_ID.eq(account.value()), SIP_TRUNKS.ID.eq(id)).fetchOptional();
    }

    public List<SipTrunk> list(AccountId account) {
        return dsl.selectFrom(SIP_TRUNKS).where(SIP_TRUNKS.ACCOUNT_ID.eq(account.value())).orderBy(SIP_TRUNKS.ID).fetch()
                .map(TrunkStore::toTrunk);
    }

    /** Every account's trunks (the SIP router matches an INVITE's source against their allowed sources). */
    public List<SipTrunk> all() {
        return dsl.selectFrom(SIP_TRUNKS).orderBy(SIP_TRUNKS.ID).fetch().map(TrunkStore::toTrunk);
    }

    public Optional<SipTrunk> update(AccountId account, long id, Fields f, Optional<VersionCheck> check) throws PlatformException {
        Optional<SipTrunksRecord> found = record(account, id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        SipTrunksRecord r = found.get();
        if (check.isPresent() && !check.get().matches(r.getVersion())) {
            throw check.get().stale("SIP trunk " + id, r.getVersion());
        }
        long oldVersion = r.getVersion();
        f.name().ifPresent(r::setName);
        f.host().ifPresent(r::setHost);
        f.port().ifPresent(r::setPort);
        f.transport().ifPresent(r::setTransport);
        f.allowedSources().ifPresent(s -> r.setAllowedSources(String.join(" ", s)));
        f.username().ifPresent(u -> r.setDigestUsername(u.isEmpty() ? null : u));
        f.passwordEnc().ifPresent(p -> r.setDigestPasswordEnc(p.isEmpty() ? null : p));
        r.setVersion(oldVersion + 1);
        r.setModifiedAt(Sql.now(clock));
        try {
            int n = dsl.update(SIP_TRUNKS).set(r).where(SIP_TRUNKS.ID.eq(id), SIP_TRUNKS.VERSION.eq(oldVersion)).execute();
            if (n == 0) {
                long now = record(account, id).map(SipTrunksRecord::getVersion).orElse(oldVersion);
                throw check.orElse(new VersionCheck(oldVersion, false)).stale("SIP trunk " + id, now);
            }
        } catch (DataAccessException e) {
            throw Sql.conflictOrThrow(e, "name", "a SIP trunk named '" + r.getName() + "' already exists in this account");
        }
        return find(account, id);
    }

    public boolean delete(AccountId account, long id) {
        return dsl.deleteFrom(SIP_TRUNKS).where(SIP_TRUNKS.ACCOUNT_ID.eq(account.value()), SIP_TRUNKS.ID.eq(id)).execute() > 0;
    }

    private static SipTrunk toTrunk(SipTrunksRecord r) {
        List<String> sources = r.getAllowedSources().isEmpty() ? List.of() : Arrays.asList(r.getAllowedSources().split(" "));
        return new SipTrunk(r.getId(), new AccountId(r.getAccountId()), r.getName(), r.getHost(), r.getPort(), r.getTransport(),
                sources, Optional.ofNullable(r.getDigestUsername()), r.getDigestPasswordEnc() != null, r.getVersion(),
                r.getCreatedAt().toInstant(), r.getModifiedAt().toInstant());
    }
}
