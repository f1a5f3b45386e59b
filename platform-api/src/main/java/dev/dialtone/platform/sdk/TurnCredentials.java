package dev.dialtone.platform.sdk;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-limited TURN credentials in the "TURN REST API" scheme that coturn checks with its
 * {@code use-auth-secret} / {@code static-auth-secret}: the user name is {@code <expiry>:<user>}
 * (expiry in Unix seconds) and the password is {@code base64(HMAC-SHA1(secret, username))}. Nothing is
 * stored; the TURN server recomputes the password and refuses it after the expiry.
 *
 * @param uris the TURN/STUN URIs these credentials are for
 */
public record TurnCredentials(String username, String password, Instant expiresAt, List<String> uris) {
    public TurnCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(expiresAt, "expiresAt");
        uris = List.copyOf(uris);
    }

    /**
     * Credentials for {@code user} valid from {@code now} for {@code ttl}.
     *
     * @param user who they are for (shows in the TURN server's log); must not contain ':'
     */
    public static TurnCredentials issue(String secret, String user, Instant now, Duration ttl, List<String> uris) {
        Objects.requireNonNull(secret, "secret");
        if (user == null || user.isEmpty() || user.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a TURN user must be non-empty and contain no ':'");
        }
        Instant expiry = now.plus(ttl);
        String username = expiry.getEpochSecond() + ":" + user;
        return new TurnCredentials(username, password(secret, username), Instant.ofEpochSecond(expiry.getEpochSecond()), uris);
    }

    /** {@code base64(HMAC-SHA1(secret, username))}. */
    public static String password(String secret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    /** Seconds left at {@code now} (never negative). */
    public long ttlSeconds(Instant now) {
        return Math.max(0, expiresAt.getEpochSecond() - now.getEpochSecond());
    }

    @Override
    public String toString() {
        return "TurnCredentials[" + username + ", expires " + expiresAt + "]";
    }
}
