package dev.dialtone.platform.sdk.internal;

/** What a login-family request came to; mapped to protocol frames in one place ({@link SdkConnection}). */
public sealed interface LoginOutcome {
    /** {@code loginSuccessful [displayName, {connectionId, iceConfig, OAuth}]}. */
    record LoggedIn(SdkIdentity identity, AccessTokens.Issued tokens) implements LoginOutcome {
    }

    /** {@code loginFailed [302, key]}: the key for the page's back end to hash. */
    record KeyIssued(String key) implements LoginOutcome {
        @Override
        public String toString() {
            return "KeyIssued[key hidden]";
        }
    }

    /** {@code refreshOauthTokenSuccessful [{OAuth}]}. */
    record Refreshed(AccessTokens.Issued tokens) implements LoginOutcome {
    }

    /**
     * {@code loginFailed [code]} or {@code refreshOauthTokenFailed [code]}: 401 wrong password, token or key;
     * 403 origin not allowed for the application; 404 no such user (or application, or account); 429 too many
     * failures (per user or per source); 500 internal error; 701 token expired.
     *
     * @param why for the node's log only; never sent, never contains a secret
     */
    record Refused(int code, String why) implements LoginOutcome {
    }
}
