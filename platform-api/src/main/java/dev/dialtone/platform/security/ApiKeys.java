package dev.dialtone.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API keys: 256 random bits, shown to their owner once; only their SHA-256 is stored. A fast hash
 * is right here because keys are random, not chosen by people (a dictionary does not help), and
 * every API call must check one.
 */
public final class ApiKeys {
    private final SecureRandom random;

    public ApiKeys(SecureRandom random) {
        this.random = random;
    }

    public String generate() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return "dt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String apiKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Compares a presented key with a stored hash in time independent of where they differ. */
    public static boolean matches(String apiKey, String storedHash) {
        return MessageDigest.isEqual(hash(apiKey).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
