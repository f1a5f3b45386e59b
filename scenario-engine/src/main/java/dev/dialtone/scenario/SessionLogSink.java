package dev.dialtone.scenario;

/**
 * Receives every session-log line: each {@code Logger.write}, lifecycle events, script errors and
 * broken limits, in order per session. Called from engine threads; it must not block (the platform
 * queues the lines and writes them to PostgreSQL in batches, for {@code /api/v1/sessions/{id}/log}).
 */
@FunctionalInterface
public interface SessionLogSink {
    void append(SessionLogEntry entry);

    SessionLogSink NONE = entry -> { };
}
