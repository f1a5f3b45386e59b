package dev.dialtone.platform.calls;

import java.util.Objects;

import dev.dialtone.pstn.CallRecord;

/**
 * A stored call record with its row id (the original API's numeric {@code call_id}). While the leg
 * is open, {@code record.endedAt()} is empty, its reason empty and its SIP code 0.
 */
public record StoredCall(long id, CallRecord record) {
    public StoredCall {
        Objects.requireNonNull(record, "record");
    }
}
