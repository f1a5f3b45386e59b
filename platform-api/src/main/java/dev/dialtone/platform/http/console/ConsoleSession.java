package dev.dialtone.platform.http.console;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

import dev.dialtone.core.AccountId;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * One signed-in console session as kept in the live state (under the SHA-256 of its cookie token,
 * never the token itself).
 *
 * @param passwordChangedAt for a password sign-in, when the password was set; a later change ends the session
 */
record ConsoleSession(AccountId accountId, SignInMethod method, String csrfToken, Instant createdAt, Instant seenAt,
                      Optional<Instant> passwordChangedAt) {
    ConsoleSession {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(csrfToken, "csrfToken");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(seenAt, "seenAt");
        Objects.requireNonNull(passwordChangedAt, "passwordChangedAt");
    }

    ConsoleSession seen(Instant now) {
        return new ConsoleSession(accountId, method, csrfToken, createdAt, now, passwordChangedAt);
    }

    String encode() {
        JsonObject o = new JsonObject()
                .put("account", accountId.value())
                .put("method", method.name())
                .put("csrf", csrfToken)
                .put("created", createdAt.toEpochMilli())
                .put("seen", seenAt.toEpochMilli());
        passwordChangedAt.ifPresent(t -> o.put("password_changed", t.toString()));
        return o.encode();
    }

    /** Empty if the stored value is not a session (e.g. written by an incompatible version). */
    static Optional<ConsoleSession> decode(String stored) {
        try {
            JsonObject o = new JsonObject(stored);
            String changed = o.getString("password_changed");
            return Optional.of(new ConsoleSession(new AccountId(o.getLong("account")), SignInMethod.valueOf(o.getString("method")),
                    o.getString("csrf"), Instant.ofEpochMilli(o.getLong("created")), Instant.ofEpochMilli(o.getLong("seen")),
                    Optional.ofNullable(changed).map(Instant::parse)));
        } catch (DecodeException | ClassCastException | IllegalArgumentException | NullPointerException
                 | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "ConsoleSession[account=" + accountId + ", method=" + method + ", createdAt=" + createdAt + "]";
    }
}
