package dev.dialtone.platform.service;

import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.dialtone.core.AccountId;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.model.Account;
import dev.dialtone.platform.model.SipTrunk;
import dev.dialtone.platform.model.VersionCheck;
import dev.dialtone.platform.persistence.TrunkStore;
import dev.dialtone.platform.security.SecretBox;

/**
 * SIP trunk configuration. The digest password is encrypted with the node's {@link SecretBox}
 * before it is stored, never returned by the API, and readable only through
 * {@link #digestPassword} (for the SIP connector's outbound authentication).
 */
public final class TrunkService {
    public static final Set<String> TRANSPORTS = Set.of("udp", "tcp", "tls");
    public static final int MAX_NAME = 100;

    private final TrunkStore store;
    private final SecretBox secrets;

    public TrunkService(TrunkStore store, SecretBox secrets) {
        this.store = store;
        this.secrets = secrets;
    }

    /** Trunk fields as the caller sends them (plain password). */
    public record Input(Optional<String> name, Optional<String> host, Optional<Integer> port, Optional<String> transport,
                        Optional<List<String>> allowedSources, Optional<String> username, Optional<String> password) {
        @Override
        public String toString() {
            return "Input[" + name + ", " + host + "]";
        }
    }

    public SipTrunk create(Account caller, Input in) throws PlatformException {
        if (in.name().isEmpty()) {
            throw PlatformException.invalid("name", "name is required");
        }
        if (in.host().isEmpty()) {
            throw PlatformException.invalid("host", "host is required");
        }
        Input withDefaults = new Input(in.name(), in.host(), Optional.of(in.port().orElse(5060)),
                Optional.of(in.transport().orElse("udp")), in.allowedSources(), in.username(), in.password());
        return store.create(caller.id(), fields(withDefaults));
    }

    public SipTrunk get(Account caller, long id) throws PlatformException {
        return store.find(caller.id(), id).orElseThrow(() -> PlatformException.notFound("SIP trunk", id));
    }

    public List<SipTrunk> list(Account caller) {
        return store.list(caller.id());
    }

    /** Every account's trunks, for the SIP router (no caller: internal use only). */
    public List<SipTrunk> allTrunks() {
        return store.all();
    }

    /** One account's trunks, lowest id first, without a caller (for outbound calls of its scenarios). */
    public List<SipTrunk> trunksOf(AccountId account) {
        return store.list(account);
    }

    public SipTrunk update(Account caller, long id, Input in, Optional<VersionCheck> check) throws PlatformException {
        return store.update(caller.id(), id, fields(in), check).orElseThrow(() -> PlatformException.notFound("SIP trunk", id));
    }

    public void delete(Account caller, long id) throws PlatformException {
        if (!store.delete(caller.id(), id)) {
            throw PlatformException.notFound("SIP trunk", id);
        }
    }

    /** The trunk's digest password in clear, for outbound digest authentication. Never log it. */
    public Optional<String> digestPassword(AccountId account, long trunkId) throws PlatformException {
        Optional<String> enc = store.encryptedPassword(account, trunkId);
        if (enc.isEmpty() || enc.get() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(secrets.decrypt(enc.get()));
        } catch (GeneralSecurityException e) {
            throw new PlatformException(PlatformException.Kind.UNAVAILABLE, null, "the trunk password of trunk " + trunkId
                    + " cannot be decrypted with this node's secrets.key (was the key replaced?)");
        }
    }

    private TrunkStore.Fields fields(Input in) throws PlatformException {
        if (in.name().isPresent()) {
            Names.text("name", in.name().get(), MAX_NAME);
        }
        if (in.host().isPresent()) {
            Names.host("host", in.host().get());
        }
        if (in.port().isPresent() && (in.port().get() < 1 || in.port().get() > 65535)) {
            throw PlatformException.invalid("port", "port must be 1..65535");
        }
        if (in.transport().isPresent() && !TRANSPORTS.contains(in.transport().get())) {
            throw PlatformException.invalid("transport", "transport must be one of udp, tcp, tls");
        }
        Optional<List<String>> sources = Optional.empty();
        if (in.allowedSources().isPresent()) {
            sources = Optional.of(Cidrs.parse("allowed_sources", in.allowedSources().get()));
        }
        if (in.username().isPresent() && !in.username().get().isEmpty()) {
            Names.text("username", in.username().get(), 128);
        }
        Optional<String> enc = Optional.empty();
        if (in.password().isPresent()) {
            String p = in.password().get();
            if (p.length() > 256) {
                throw PlatformException.invalid("password", "password must be at most 256 characters");
            }
            if (Names.firstControl(p) >= 0) {
                throw PlatformException.invalid("password", "password must not contain control characters");
            }
            enc = Optional.of(p.isEmpty() ? "" : secrets.encrypt(p));
        }
        return new TrunkStore.Fields(in.name(), in.host(), in.port(), in.transport(), sources, in.username(), enc);
    }
}
