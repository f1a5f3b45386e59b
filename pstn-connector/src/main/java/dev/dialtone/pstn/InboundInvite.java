package dev.dialtone.pstn;

import java.net.InetAddress;
import java.util.Map;
import java.util.Objects;

/**
 * The facts of a new inbound INVITE the platform needs to route it, parsed at the edge.
 *
 * @param requestUser  the user part of the request URI (the dialed number or string), unescaped; may be empty
 * @param requestHost  the host part of the request URI, lower-case (an application address
 *                     {@code app.account.<domain>} or the node's own address)
 * @param fromUser     the user part of the From URI (the caller id)
 * @param displayName  the From display name, empty if none
 * @param source       the IP address the INVITE came from (the packet's, not the Via's)
 * @param transport    {@code udp} or {@code tcp}
 * @param headers      the INVITE's {@code X-} headers in arrival order
 */
public record InboundInvite(String requestUser, String requestHost, String fromUser, String displayName,
                            InetAddress source, String transport, Map<String, String> headers) {
    public InboundInvite {
        Objects.requireNonNull(requestUser, "requestUser");
        Objects.requireNonNull(requestHost, "requestHost");
        Objects.requireNonNull(fromUser, "fromUser");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(transport, "transport");
        headers = Map.copyOf(headers);
    }
}
