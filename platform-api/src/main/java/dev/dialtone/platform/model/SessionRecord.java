package dev.dialtone.platform.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;
import dev.dialtone.core.SessionId;

/**
 * A scenario session as stored: who ran it, the rule and scenario names that started it, when it
 * started, and when and why it ended (empty while it runs).
 *
 * @param ruleId empty for a session that could not start before its rule was known
 */
public record SessionRecord(SessionId id, AccountId account, ApplicationId application, Optional<Long> ruleId,
                            List<String> scenarios, Instant startedAt, Optional<Instant> endedAt, Optional<String> endReason) {
    public SessionRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(ruleId, "ruleId");
        scenarios = List.copyOf(scenarios);
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(endReason, "endReason");
    }
}
