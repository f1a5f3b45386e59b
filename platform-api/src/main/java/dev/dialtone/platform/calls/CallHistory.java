package dev.dialtone.platform.calls;

import java.util.List;
import java.util.Optional;

import dev.dialtone.platform.model.Account;
import dev.dialtone.platform.persistence.CallRecordStore;

/** Reads an account's call records (the native {@code /api/v1/calls} and the original's {@code GetCallHistory}). */
public final class CallHistory {
    private final CallRecordStore store;

    public CallHistory(CallRecordStore store) {
        this.store = store;
    }

    /** One page of calls and the number of all calls matching. */
    public record Page(List<StoredCall> calls, int total) {
        public Page {
            calls = List.copyOf(calls);
        }
    }

    /** One page of sessions (with their calls) and the number of all sessions matching. */
    public record SessionPage(List<SessionCalls> sessions, int total) {
        public SessionPage {
            sessions = List.copyOf(sessions);
        }
    }

    public Page calls(Account caller, CallQuery q) {
        return new Page(store.list(caller.id(), q), store.count(caller.id(), q));
    }

    public SessionPage sessions(Account caller, CallQuery q, boolean descending) {
        return new SessionPage(store.sessions(caller.id(), q, descending), store.countSessions(caller.id(), q));
    }

    /** The session a history id names ({@code call_session_history_id}), if it is the caller's. */
    public Optional<String> sessionOf(Account caller, long historyId) {
        return store.sessionKeyOf(caller.id(), historyId);
    }
}
