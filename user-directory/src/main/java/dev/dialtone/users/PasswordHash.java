package dev.dialtone.users;

import java.util.Objects;

/**
 * A password hash in PHC string format, e.g. {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}
 * (salt and hash in unpadded base64). This is what is stored; the password itself never is.
 */
public record PasswordHash(String phc) {
    public PasswordHash {
        Objects.requireNonNull(phc, "phc");
        if (!phc.startsWith("$")) {
            throw new IllegalArgumentException("not a PHC string");
        }
    }

    @Override
    public String toString() {
        return "PasswordHash[" + phc.substring(0, Math.min(phc.length(), 30)) + "...]";
    }
}
