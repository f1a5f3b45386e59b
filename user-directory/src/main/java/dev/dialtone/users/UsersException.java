package dev.dialtone.users;

import java.util.Objects;

/** Input the user directory refuses. The message says what to fix and never contains a password. */
public final class UsersException extends Exception {
    private final String field;

    public UsersException(String field, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.field = Objects.requireNonNull(field, "field");
    }

    /** The input field concerned, e.g. {@code user_name}, {@code user_display_name}, {@code user_password}. */
    public String field() {
        return field;
    }
}
