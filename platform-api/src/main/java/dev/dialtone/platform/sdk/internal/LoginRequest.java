package dev.dialtone.platform.sdk.internal;

import io.vertx.core.json.JsonObject;

/**
 * The login family of client messages (WEBSDK-PROTOCOL.md §4), parsed from their frames. Secrets are
 * never part of {@code toString}.
 */
public sealed interface LoginRequest {
    String user();

    /** {@code login [u, pw, opts]}. */
    record Password(String user, String password, boolean receiveCalls) implements LoginRequest {
        @Override
        public String toString() {
            return "Password[" + user + "]";
        }
    }

    /** {@code login [u, "", {accessToken}]}. */
    record Token(String user, String accessToken, boolean receiveCalls) implements LoginRequest {
        @Override
        public String toString() {
            return "Token[" + user + "]";
        }
    }

    /** {@code loginGenerateOneTimeKey [u]}. */
    record KeyRequest(String user) implements LoginRequest {
    }

    /** {@code loginUsingOneTimeKey [u, hash, opts]}. */
    record OneTimeKey(String user, String hash, boolean receiveCalls) implements LoginRequest {
        @Override
        public String toString() {
            return "OneTimeKey[" + user + "]";
        }
    }

    /** {@code refreshOauthToken [u, rt]} or {@code [u, {refreshToken, deviceToken}]}. */
    record Refresh(String user, String refreshToken) implements LoginRequest {
        @Override
        public String toString() {
            return "Refresh[" + user + "]";
        }
    }

    /** Parses a frame of the login family; empty-handed frames of other names are not passed here. */
    static LoginRequest parse(Frame f) throws Frame.MalformedFrame {
        String user = f.string(0);
        return switch (f.name()) {
            case "login" -> {
                var opts = f.optObject(2);
                boolean receive = Boolean.TRUE.equals(opts.getValue("receiveCalls"));
                Object token = opts.getValue("accessToken");
                if (token != null) {
                    if (!(token instanceof String t) || t.isEmpty()) {
                        throw new Frame.MalformedFrame("login: accessToken must be a non-empty string");
                    }
                    yield new Token(user, t, receive);
                }
                yield new Password(user, f.optString(1, ""), receive);
            }
            case "loginGenerateOneTimeKey" -> new KeyRequest(user);
            case "loginUsingOneTimeKey" -> new OneTimeKey(user, f.string(1),
                    Boolean.TRUE.equals(f.optObject(2).getValue("receiveCalls")));
            case "refreshOauthToken" -> {
                Object second = f.params().size() > 1 ? f.params().getValue(1) : null;
                if (second instanceof String s) {
                    yield new Refresh(user, s);
                }
                if (second instanceof JsonObject o && o.getValue("refreshToken") instanceof String s) {
                    yield new Refresh(user, s);
                }
                throw new Frame.MalformedFrame("refreshOauthToken: parameter 1 must be the refresh token or {refreshToken}");
            }
            default -> throw new IllegalArgumentException("not a login message: " + f.name());
        };
    }
}
