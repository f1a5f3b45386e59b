package dev.dialtone.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What is known about a leg when it is created: the facts a scenario reads with {@code callerid()},
 * {@code displayName()}, {@code number()}, {@code incoming()} and {@code e.headers}.
 *
 * @param destination the dialed string (inbound) or the target number, URI or user (outbound)
 * @param headers     SIP {@code X-} headers or SDK extra headers, in arrival order
 */
public record CallInfo(
        CallId id,
        CallDirection direction,
        ClientType clientType,
        String callerId,
        String displayName,
        String destination,
        Map<String, String> headers) {

    public CallInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(clientType, "clientType");
        callerId = callerId == null ? "" : callerId;
        displayName = displayName == null ? "" : displayName;
        destination = destination == null ? "" : destination;
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public boolean incoming() {
        return direction == CallDirection.INBOUND;
    }
}
