package dev.dialtone.users;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A validated application user name: {@code [a-z0-9][a-z0-9_-]{2,49}}, the original platform's format.
 * Unique inside one application.
 */
public record UserName(String value) {
    static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9_-]{2,49}");

    public UserName {
        Objects.requireNonNull(value, "value");
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("not a valid user name: use UserDirectory.userName to validate input");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
