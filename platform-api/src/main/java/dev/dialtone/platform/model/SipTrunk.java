package dev.dialtone.platform.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.dialtone.core.AccountId;

/**
 * A SIP trunk's configuration. The digest password is not part of this record: it is stored
 * encrypted and only {@code hasPassword} is visible.
 *
 * @param transport      {@code udp}, {@code tcp} or {@code tls}
 * @param allowedSources addresses or CIDR blocks calls from this trunk may come from
 */
public record SipTrunk(long id, AccountId accountId, String name, String host, int port, String transport,
                       List<String> allowedSources, Optional<String> digestUsername, boolean hasPassword, long version,
                       Instant createdAt, Instant modifiedAt) {
    public SipTrunk {
        allowedSources = List.copyOf(allowedSources);
    }
}
