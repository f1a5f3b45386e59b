package dev.dialtone.platform.calls;

import java.util.List;

/**
 * The calls of one session, for the original API's call history.
 *
 * @param historyId the session's numeric id there ({@code call_session_history_id}): the id of its first call
 * @param calls     its calls, oldest first (never empty)
 */
public record SessionCalls(long historyId, List<StoredCall> calls) {
    public SessionCalls {
        calls = List.copyOf(calls);
        if (calls.isEmpty()) {
            throw new IllegalArgumentException("a session in the call history has at least one call");
        }
    }
}
