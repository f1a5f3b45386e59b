package dev.dialtone.platform.sdk.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

import dev.dialtone.core.ApplicationId;
import dev.dialtone.platform.live.LiveState;
import io.vertx.core.json.JsonObject;

/**
 * Access and refresh tokens of web SDK users: 256 random bits, base64url, handed out once and stored
 * only as their SHA-256 in the live state (every node of a cluster sees them), bound to the user and
 * to a fingerprint of the user's password hash, so that a password change or a deleted user voids
 * them. A refresh token is single use: a refresh takes it and issues a new pair. Expired entries are
 * kept a little longer than their life so that the client hears "expired" (701) rather than "wrong".
 */
public final class AccessTokens {
    static final String ACCESS_SPACE = "sdk-access-token";
    static final String REFRESH_SPACE = "sdk-refresh-token";
    private static final Duration KEEP_AFTER_EXPIRY = Duration.ofHours(1);

    private final LiveState live;
    private final Clock clock;
    private final SecureRandom random;
    private final Duration accessTtl;
    private final Duration refreshTtl;

    public AccessTokens(LiveState live, Clock clock, SecureRandom random, Duration accessTtl, Duration refreshTtl) {
        this.live = Objects.requireNonNull(live, "live");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.accessTtl = accessTtl;
        this.refreshTtl = refreshTtl;
    }

    /** Whom a token was issued to. */
    public record Holder(ApplicationId application, String user, String passwordFingerprint) {
    }

    /** A new pair; the lifetimes are what the SDK shows as {@code accessExpire}/{@code refreshExpire} (seconds). */
    public record Issued(String accessToken, String refreshToken, Duration accessTtl, Duration refreshTtl) {
        /** The {@code OAuth} object of {@code loginSuccessful} and {@code refreshOauthTokenSuccessful}. */
        public JsonObject toOAuth() {
            return new JsonObject().put("accessToken", accessToken).put("refreshToken", refreshToken)
                    .put("accessExpire", accessTtl.toSeconds()).put("refreshExpire", refreshTtl.toSeconds());
        }

        @Override
        public String toString() {
            return "Issued[tokens hidden]";
        }
    }

    /** What a presented token turned out to be. */
    public sealed interface Check {
        record Valid(Holder holder) implements Check {
        }

        record Expired() implements Check {
        }

        record Unknown() implements Check {
        }
    }

    public Issued issue(Holder holder) {
        String access = fresh();
        String refresh = fresh();
        store(ACCESS_SPACE, access, holder, accessTtl);
        store(REFRESH_SPACE, refresh, holder, refreshTtl);
        return new Issued(access, refresh, accessTtl, refreshTtl);
    }

    /** Checks an access token (it stays valid until it expires). */
    public Check checkAccess(String token) {
        return check(live.get(ACCESS_SPACE, hash(token)));
    }

    /** Takes a refresh token: whatever the outcome, it cannot be presented again. */
    public Check takeRefresh(String token) {
        return check(live.take(REFRESH_SPACE, hash(token)));
    }

    /** A short fingerprint of a stored password hash: changes whenever the password does. */
    public static String passwordFingerprint(String passwordHashPhc) {
        return hash(passwordHashPhc).substring(0, 16);
    }

    private void store(String space, String token, Holder holder, Duration ttl) {
        long expires = clock.millis() + ttl.toMillis();
        String value = new JsonObject().put("app", holder.application().value()).put("user", holder.user())
                .put("pw", holder.passwordFingerprint()).put("exp", expires).encode();
        live.put(space, hash(token), value, ttl.plus(KEEP_AFTER_EXPIRY));
    }

    private Check check(Optional<String> stored) {
        if (stored.isEmpty()) {
            return new Check.Unknown();
        }
        JsonObject v = new JsonObject(stored.get());
        if (clock.millis() >= v.getLong("exp")) {
            return new Check.Expired();
        }
        return new Check.Valid(new Holder(new ApplicationId(v.getLong("app")), v.getString("user"), v.getString("pw")));
    }

    private String fresh() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
