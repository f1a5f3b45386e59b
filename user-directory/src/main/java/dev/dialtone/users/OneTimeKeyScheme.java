package dev.dialtone.users;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * The original platform's "automated login" scheme for one-time login keys, which pages built on its
 * web SDK (and their back ends) compute: the server hands out a random key; the application's back end
 * answers {@code MD5(key + "|" + MD5(user + ":voximplant.com:" + password))} in lower-case hex, where
 * {@code user} is the short user name. The realm {@code voximplant.com} is part of the formula, so
 * back ends written for the original work unchanged.
 *
 * <p>MD5 here is the compatibility contract, not a password store: the server keeps the inner digest
 * ({@link #userDigest}) sealed with the node's secret key, next to the argon2id hash, and every key is
 * random, single-use and short-lived.
 */
public final class OneTimeKeyScheme {
    /** The realm of the inner digest, as the original's documentation fixes it. */
    public static final String REALM = "voximplant.com";

    private OneTimeKeyScheme() {
    }

    /** {@code MD5(user + ":voximplant.com:" + password)} in lower-case hex. */
    public static String userDigest(UserName user, String password) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        return md5Hex(user.value() + ":" + REALM + ":" + password);
    }

    /** {@code MD5(key + "|" + userDigest)} in lower-case hex: what the client must send for {@code key}. */
    public static String expectedHash(String key, String userDigest) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(userDigest, "userDigest");
        return md5Hex(key + "|" + userDigest);
    }

    /** Compares a client's answer with the expected hash in constant time (case-insensitive hex). */
    public static boolean matches(String key, String userDigest, String clientHash) {
        if (clientHash == null || clientHash.length() != 32) {
            return false;
        }
        byte[] expected = expectedHash(key, userDigest).getBytes(StandardCharsets.US_ASCII);
        byte[] given = clientHash.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    private static String md5Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }
}
