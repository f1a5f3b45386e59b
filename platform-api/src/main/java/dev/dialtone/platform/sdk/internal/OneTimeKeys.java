package dev.dialtone.platform.sdk.internal;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

import dev.dialtone.core.ApplicationId;
import dev.dialtone.platform.live.LiveState;

/**
 * One-time login keys ({@code loginGenerateOneTimeKey}): 128 random bits in hex, one per user at a
 * time (a new request replaces the old key), kept in the live state for a short time and taken on
 * the first login attempt that presents a hash for that user, right or wrong: a key is never
 * accepted twice.
 */
public final class OneTimeKeys {
    static final String SPACE = "sdk-one-time-key";

    private final LiveState live;
    private final SecureRandom random;
    private final Duration ttl;

    public OneTimeKeys(LiveState live, SecureRandom random, Duration ttl) {
        this.live = Objects.requireNonNull(live, "live");
        this.random = Objects.requireNonNull(random, "random");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
    }

    /** A fresh key for the user, replacing any earlier one. */
    public String issue(ApplicationId app, String user) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        String key = HexFormat.of().formatHex(b);
        live.put(SPACE, app.value() + ":" + user, key, ttl);
        return key;
    }

    /** Takes the user's key (empty if none was issued, it expired, or it was already used). */
    public Optional<String> take(ApplicationId app, String user) {
        return live.take(SPACE, app.value() + ":" + user);
    }
}
