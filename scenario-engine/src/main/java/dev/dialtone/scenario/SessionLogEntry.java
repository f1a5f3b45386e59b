package dev.dialtone.scenario;

import java.time.Instant;
import java.util.Objects;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;
import dev.dialtone.core.SessionId;

/** One line of a session's log. */
public record SessionLogEntry(
        SessionId session, AccountId account, ApplicationId application, Instant at, Kind kind, String text) {

    public enum Kind {
        /** A {@code Logger.write} line. */
        LOG,
        /** Started, call alerting/connected/disconnected, terminated… */
        LIFECYCLE,
        /** An uncaught exception or a syntax error, with file:line. */
        SCRIPT_ERROR,
        /** A limit the session broke (CPU, heap, timers, flood, log size…) or a refused request. */
        LIMIT
    }

    public SessionLogEntry {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
    }

    @Override
    public String toString() {
        return at + " " + kind + " " + text;
    }
}
