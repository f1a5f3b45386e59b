package dev.dialtone.users;

import java.security.SecureRandom;
import java.util.Objects;

import dev.dialtone.users.internal.Argon2idHasher;
import dev.dialtone.users.internal.TextChecks;

/**
 * The user directory's facade: validates application users' names and hashes and verifies their
 * passwords with argon2id. Thread-safe.
 *
 * <p>Later issues add one-time login keys, access tokens and presence here; they will take the
 * live-state store they need as a constructor argument, so the facade stays the single entry point.
 */
public final class UserDirectory {
    private final UsersConfig config;
    private final Argon2idHasher hasher;
    private final SecureRandom random;

    private UserDirectory(UsersConfig config, SecureRandom random) {
        this.config = config;
        this.random = random;
        this.hasher = new Argon2idHasher(config, random);
    }

    public static UserDirectory create(UsersConfig config, SecureRandom random) {
        return new UserDirectory(Objects.requireNonNull(config, "config"), Objects.requireNonNull(random, "random"));
    }

    public UsersConfig config() {
        return config;
    }

    /** Parses a user name; the message of the exception says what the format is. */
    public UserName userName(String raw) throws UsersException {
        if (raw == null || raw.isEmpty()) {
            throw new UsersException("user_name", "user_name is required");
        }
        if (!UserName.FORMAT.matcher(raw).matches()) {
            throw new UsersException("user_name", "user_name must be 3 to 50 characters: lower-case letters, digits, '_' "
                    + "or '-', starting with a letter or digit (got " + TextChecks.quoteForMessage(raw) + ")");
        }
        return new UserName(raw);
    }

    /** Parses a display name: not blank, at most 255 characters, no control characters. */
    public DisplayName displayName(String raw) throws UsersException {
        if (raw == null || raw.isBlank()) {
            throw new UsersException("user_display_name", "user_display_name must not be empty");
        }
        if (raw.length() > DisplayName.MAX_LENGTH) {
            throw new UsersException("user_display_name", "user_display_name is " + raw.length()
                    + " characters long; the limit is " + DisplayName.MAX_LENGTH);
        }
        int bad = TextChecks.firstForbidden(raw);
        if (bad >= 0) {
            throw new UsersException("user_display_name", String.format(
                    "user_display_name contains the control character U+%04X at index %d; remove it", raw.codePointAt(bad), bad));
        }
        return new DisplayName(raw);
    }

    /** Checks the password policy and hashes the password with a fresh random salt. Takes tens of milliseconds. */
    public PasswordHash hashPassword(String password) throws UsersException {
        if (password == null || password.length() < config.minPasswordLength()) {
            throw new UsersException("user_password", "user_password must be at least " + config.minPasswordLength()
                    + " characters long");
        }
        if (password.length() > config.maxPasswordLength()) {
            throw new UsersException("user_password", "user_password must be at most " + config.maxPasswordLength()
                    + " characters long");
        }
        if (TextChecks.firstForbidden(password) >= 0) {
            throw new UsersException("user_password", "user_password must not contain control characters");
        }
        return hasher.hash(password);
    }

    /**
     * A stored hash that no password matches, unique per call ({@code $none$<random>}), for users who only ever log in
     * otherwise (guests, with access tokens): it costs no argon2id run, and a password login of such a user fails as
     * for a wrong password until a real password is set.
     */
    public PasswordHash noPassword() {
        byte[] id = new byte[18];
        random.nextBytes(id);
        return new PasswordHash("$none$" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(id));
    }

    /**
     * Whether {@code password} matches {@code hash}. The comparison takes the same time wherever the
     * first difference is. A malformed stored hash never matches.
     */
    public boolean verifyPassword(String password, PasswordHash hash) {
        Objects.requireNonNull(hash, "hash");
        if (password == null) {
            return false;
        }
        return hasher.verify(password, hash);
    }

    /**
     * Hashes and verifies a throw-away password once, so that the first sign-up and login of a fresh node do not
     * wait for the hash function's classes and JIT (a few hundred milliseconds). Call it off the request path.
     */
    public void warmUp() {
        byte[] random = new byte[24];
        new java.security.SecureRandom().nextBytes(random);
        String password = java.util.HexFormat.of().formatHex(random);
        hasher.verify(password, hasher.hash(password));
    }

    /** Whether {@code hash} was made with other parameters than the current ones (rehash after the next login). */
    public boolean needsRehash(PasswordHash hash) {
        return hasher.needsRehash(hash);
    }
}
