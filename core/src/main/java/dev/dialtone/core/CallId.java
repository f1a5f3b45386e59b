package dev.dialtone.core;

import java.util.Objects;
import java.util.UUID;

/**
 * The id of one call leg. Web SDK clients choose their own (a UUID v4); SIP legs and internal legs
 * get a random one.
 */
public record CallId(String value) {
    public CallId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank() || value.length() > 128) {
            throw new IllegalArgumentException("call id must be 1..128 characters");
        }
    }

    public static CallId random() {
        return new CallId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
