package dev.dialtone.pstn;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;
import dev.dialtone.core.CallDirection;
import dev.dialtone.core.CallId;
import dev.dialtone.core.ClientType;
import dev.dialtone.core.SessionId;

/**
 * The call record (CDR) of one SIP leg. {@link CallRecordSink#begin} receives it open (no end yet),
 * {@link CallRecordSink#finish} complete. {@code legId} is the idempotency key: a sink stores at most
 * one finished record per leg, whatever is retried.
 *
 * @param sipCallId        the SIP Call-ID, for matching with the carrier's records
 * @param from             the caller (user part or number)
 * @param to               the callee: the dialed string (inbound) or the number/URI called (outbound)
 * @param answeredAt       when the call was answered, if it was
 * @param endedAt          when it ended; empty while open
 * @param duration         answered time, zero if never answered
 * @param disconnectReason who or what ended it: {@code remote-hangup}, {@code local-hangup},
 *                         {@code cancelled}, {@code rejected}, {@code failed}, {@code timeout},
 *                         {@code node-stopped}; empty while open
 * @param sipCode          200 for an answered call ended normally, else the final status code
 */
public record CallRecord(CallId legId, String sipCallId, AccountId account, ApplicationId application,
                         Optional<SessionId> session, CallDirection direction, ClientType clientType, String from,
                         String to, Optional<Long> trunkId, Instant startedAt, Optional<Instant> answeredAt,
                         Optional<Instant> endedAt, Duration duration, String disconnectReason, int sipCode) {
    public CallRecord {
        Objects.requireNonNull(legId, "legId");
        Objects.requireNonNull(sipCallId, "sipCallId");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(clientType, "clientType");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(trunkId, "trunkId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(answeredAt, "answeredAt");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(disconnectReason, "disconnectReason");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("negative duration");
        }
    }

    public boolean finished() {
        return endedAt.isPresent();
    }
}
