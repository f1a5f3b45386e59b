package dev.dialtone.pstn;

import java.util.Objects;

/** A trunk's digest username and password (RFC 3261 §22). {@link #toString} never shows the password. */
public record DigestCredentials(String username, String password) {
    public DigestCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "DigestCredentials[" + username + ", password hidden]";
    }
}
