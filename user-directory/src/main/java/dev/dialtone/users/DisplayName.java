package dev.dialtone.users;

import java.util.Objects;

/** A validated display name: 1 to {@link #MAX_LENGTH} characters, not blank, no control characters. */
public record DisplayName(String value) {
    public static final int MAX_LENGTH = 255;

    public DisplayName {
        Objects.requireNonNull(value, "value");
        if (value.isBlank() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("not a valid display name: use UserDirectory.displayName to validate input");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
