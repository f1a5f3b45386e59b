package dev.dialtone.platform.calls;

import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.model.SipTrunk;
import dev.dialtone.platform.service.TrunkService;
import dev.dialtone.pstn.DigestCredentials;
import dev.dialtone.pstn.OutboundTrunks;
import dev.dialtone.pstn.TrunkTarget;

/**
 * The trunk an application's {@code callPSTN} goes through: its account's trunk with the lowest id
 * (trunks are per account; binding a trunk to one application is not modelled yet). The digest
 * password is decrypted for each call, held only in the returned {@link TrunkTarget} and never logged.
 */
public final class AccountTrunks implements OutboundTrunks {
    private static final Logger LOG = LoggerFactory.getLogger(AccountTrunks.class);

    private final TrunkService trunks;

    public AccountTrunks(TrunkService trunks) {
        this.trunks = trunks;
    }

    @Override
    public Optional<TrunkTarget> trunkFor(AccountId account, ApplicationId application) {
        List<SipTrunk> mine = trunks.trunksOf(account);
        if (mine.isEmpty()) {
            return Optional.empty();
        }
        SipTrunk t = mine.getFirst();
        Optional<DigestCredentials> credentials = Optional.empty();
        if (t.digestUsername().isPresent()) {
            try {
                String password = trunks.digestPassword(account, t.id()).orElse("");
                credentials = Optional.of(new DigestCredentials(t.digestUsername().get(), password));
            } catch (PlatformException e) {
                LOG.error("application {}: trunk {} cannot be used: {}", application.value(), t.id(), e.getMessage());
                return Optional.empty();
            }
        }
        return Optional.of(new TrunkTarget(t.id(), t.host(), t.port(), t.transport(), credentials));
    }
}
