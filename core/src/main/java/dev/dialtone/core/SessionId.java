package dev.dialtone.core;

import java.util.Objects;
import java.util.UUID;

/** The id of a scenario session: one run of a rule's scenarios in one JavaScript context. */
public record SessionId(String value) {
    public SessionId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank() || value.length() > 64) {
            throw new IllegalArgumentException("session id must be 1..64 characters");
        }
    }

    public static SessionId random() {
        return new SessionId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
