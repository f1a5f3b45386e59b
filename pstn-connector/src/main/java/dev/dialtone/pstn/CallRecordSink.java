package dev.dialtone.pstn;

import java.util.concurrent.CompletionStage;

/**
 * Where call records go (implemented by the platform: PostgreSQL).
 *
 * <p>Durability contract: the connector calls {@link #finish} when a leg ends and, when the far end
 * hung up, answers its BYE with 200 only after the returned stage completed (or after
 * {@code record-timeout}, logged as an error). So a node killed right after answering a BYE has
 * already stored the record. {@code finish} must be idempotent per {@link CallRecord#legId}: storing
 * the same leg twice keeps one record.
 *
 * <p>{@link #begin} is called when a leg is created (best effort, never awaited); it lets the
 * platform close records of legs that a crashed node could not finish.
 */
public interface CallRecordSink {
    void begin(CallRecord open);

    CompletionStage<Void> finish(CallRecord finished);
}
