package dev.dialtone.core;

import java.util.Map;
import java.util.Objects;

/**
 * A request from a session to place a call.
 *
 * @param target a phone number ({@link Kind#PSTN}), a SIP URI ({@link Kind#SIP}) or an application
 *               user name ({@link Kind#USER})
 */
public record OutboundCall(
        AccountId account,
        ApplicationId application,
        SessionId session,
        Kind kind,
        String target,
        String callerId,
        String displayName,
        Map<String, String> headers) {

    public enum Kind { PSTN, SIP, USER }

    public OutboundCall {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        callerId = callerId == null ? "" : callerId;
        displayName = displayName == null ? "" : displayName;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
}
