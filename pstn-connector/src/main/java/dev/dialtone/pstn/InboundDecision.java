package dev.dialtone.pstn;

import java.util.Objects;
import java.util.Optional;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;
import dev.dialtone.core.ClientType;

/** What the platform decided about an inbound INVITE. */
public sealed interface InboundDecision {

    /**
     * Take the call: it belongs to {@code application}, whose rules matched {@code dialed}.
     *
     * @param trunkId    the trunk it arrived through, if any (for the call record)
     * @param clientType {@link ClientType#PSTN} for trunk calls, {@link ClientType#SIP} for direct SIP addressing
     * @param starter    starts the session once the connector has built the leg
     */
    record Accept(AccountId account, ApplicationId application, String applicationName, String dialed,
                  Optional<Long> trunkId, ClientType clientType, SessionStarter starter) implements InboundDecision {
        public Accept {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(application, "application");
            Objects.requireNonNull(applicationName, "applicationName");
            Objects.requireNonNull(dialed, "dialed");
            Objects.requireNonNull(trunkId, "trunkId");
            Objects.requireNonNull(clientType, "clientType");
            Objects.requireNonNull(starter, "starter");
        }
    }

    /**
     * Refuse with a SIP status code: 403 (source not allowed), 404 (unknown number, application or no
     * matching rule), 480/503 (temporarily unable). {@code reason} is the reason phrase; it must not
     * reveal more than the code does.
     */
    record Reject(int code, String reason) implements InboundDecision {
        public Reject {
            if (code < 400 || code > 699) {
                throw new IllegalArgumentException("a rejection is 400..699, got " + code);
            }
            Objects.requireNonNull(reason, "reason");
        }
    }
}
