package dev.dialtone.pstn;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an application's outbound calls go: the carrier's SIP server and the credentials it
 * challenges for.
 *
 * @param transport {@code udp} or {@code tcp} ({@code tls} is refused by the connector for now)
 */
public record TrunkTarget(long trunkId, String host, int port, String transport, Optional<DigestCredentials> credentials) {
    public TrunkTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(credentials, "credentials");
        transport = transport.toLowerCase(Locale.ROOT);
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("trunk port must be 1..65535: " + port);
        }
    }
}
