package dev.dialtone.platform;

import java.time.Duration;
import java.util.Objects;

/**
 * Session records and session logs (node flags {@code --session-log-*}).
 *
 * @param logRetention     {@code --session-log-retention-days} (30): sessions that ended longer ago
 *                         than this are deleted with their logs, once a day
 * @param logQueueCapacity {@code --session-log-queue} (20,000): log lines waiting to be written to
 *                         PostgreSQL; past it lines are dropped (counted), never waited for
 * @param logBatchSize     {@code --session-log-batch} (500): lines written per transaction
 * @param logLinger        {@code --session-log-linger-ms} (50): how long the writer waits after a line
 *                         arrives for more to write in the same transaction (a commit per line or two cost the node and
 *                         PostgreSQL more than the rest of the log's work at a few hundred calls a second)
 */
public record SessionsConfig(Duration logRetention, int logQueueCapacity, int logBatchSize, Duration logLinger) {
    public static final Duration DEFAULT_LOG_RETENTION = Duration.ofDays(30);
    public static final int DEFAULT_LOG_QUEUE_CAPACITY = 20_000;
    public static final int DEFAULT_LOG_BATCH_SIZE = 500;
    public static final Duration DEFAULT_LOG_LINGER = Duration.ofMillis(50);
    public static final SessionsConfig DEFAULT = new SessionsConfig(DEFAULT_LOG_RETENTION, DEFAULT_LOG_QUEUE_CAPACITY,
            DEFAULT_LOG_BATCH_SIZE, DEFAULT_LOG_LINGER);

    public SessionsConfig {
        Objects.requireNonNull(logRetention, "logRetention");
        if (logRetention.toDays() < 1 || logRetention.toDays() > 3650) {
            throw new IllegalArgumentException("--session-log-retention-days must be 1..3650: " + logRetention.toDays());
        }
        if (logQueueCapacity < 10 || logQueueCapacity > 10_000_000) {
            throw new IllegalArgumentException("--session-log-queue must be 10..10000000: " + logQueueCapacity);
        }
        if (logBatchSize < 1 || logBatchSize > 10_000) {
            throw new IllegalArgumentException("--session-log-batch must be 1..10000: " + logBatchSize);
        }
        Objects.requireNonNull(logLinger, "logLinger");
        if (logLinger.isNegative() || logLinger.toMillis() > 1_000) {
            throw new IllegalArgumentException("--session-log-linger-ms must be 0..1000: " + logLinger.toMillis());
        }
    }

    public SessionsConfig withLogRetention(Duration retention) {
        return new SessionsConfig(retention, logQueueCapacity, logBatchSize, logLinger);
    }

    public SessionsConfig withLogQueueCapacity(int capacity) {
        return new SessionsConfig(logRetention, capacity, logBatchSize, logLinger);
    }
}
