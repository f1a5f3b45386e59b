package dev.dialtone.scenario;

import java.time.Instant;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;
import dev.dialtone.core.SessionId;

/** A running session, for admin views. {@code worker} is the sandbox worker process id. */
public record LiveSession(
        SessionId id, AccountId account, ApplicationId application, long ruleId, Instant startedAt, int calls, long worker) {
}
