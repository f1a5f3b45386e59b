package dev.dialtone.platform.sdk.internal;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.core.ApplicationId;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.model.Account;
import dev.dialtone.platform.model.Application;
import dev.dialtone.platform.persistence.SdkOriginStore;
import dev.dialtone.platform.persistence.UserStore;
import dev.dialtone.platform.service.Services;
import dev.dialtone.users.OneTimeKeyScheme;

/**
 * Checks web SDK logins: the user name ({@code user@app.account.<domain>}), the application's origin
 * allow-list, then the password (argon2id), the access token, or the one-time key's hash; counts
 * failures per user and per source. Blocking (database, argon2id): runs on the gateway's login threads.
 */
public final class Logins {
    private static final Logger LOG = LoggerFactory.getLogger(Logins.class);

    private final Services services;
    private final SdkOriginStore origins;
    private final AccessTokens tokens;
    private final OneTimeKeys keys;
    private final LoginThrottle throttle;
    private final String appDomain;
    private final List<String> extraDomains;

    public Logins(Services services, SdkOriginStore origins, AccessTokens tokens, OneTimeKeys keys, LoginThrottle throttle,
                  String appDomain, List<String> extraDomains) {
        this.services = Objects.requireNonNull(services, "services");
        this.origins = Objects.requireNonNull(origins, "origins");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        this.appDomain = Objects.requireNonNull(appDomain, "appDomain");
        this.extraDomains = List.copyOf(extraDomains);
    }

    /**
     * @param source the client's address (rate limits)
     * @param origin the page's {@code Origin} header; empty for non-browser clients
     */
    public LoginOutcome handle(LoginRequest request, String source, Optional<String> origin) {
        try {
            return check(request, source, origin);
        } catch (RuntimeException e) {
            LOG.error("web SDK login of {} from {} failed with an internal error", request.user(), source, e);
            return new LoginOutcome.Refused(500, "internal error");
        }
    }

    private LoginOutcome check(LoginRequest request, String source, Optional<String> origin) {
        if (throttle.sourceBlocked(source)) {
            return new LoginOutcome.Refused(429, "too many failed logins from " + source);
        }
        Optional<UserAddress> address = UserAddress.parse(request.user(), appDomain, extraDomains);
        if (address.isEmpty()) {
            throttle.failed(source, null);
            return new LoginOutcome.Refused(404, "not a user@app.account." + appDomain + " name");
        }
        UserAddress a = address.get();
        Optional<Account> account = services.accounts().findByName(a.account());
        Optional<Application> app = Optional.empty();
        if (account.isPresent()) {
            try {
                app = Optional.of(services.applications().byName(account.get(), a.application()));
            } catch (PlatformException e) {
                app = Optional.empty();
            }
        }
        Optional<UserStore.Credentials> found = app.flatMap(ap -> services.users().credentials(ap.id(), a.user()));
        if (found.isEmpty()) {
            throttle.failed(source, null);
            return new LoginOutcome.Refused(404, "no such user, application or account");
        }
        ApplicationId appId = app.get().id();
        String userKey = appId.value() + ":" + a.user();
        if (throttle.userBlocked(userKey)) {
            return new LoginOutcome.Refused(429, "too many failed logins for this user");
        }
        if (origin.isPresent()) {
            List<String> allowed = origins.list(appId);
            if (!allowed.isEmpty() && !allowed.contains(origin.get())) {
                return new LoginOutcome.Refused(403, "origin " + origin.get() + " is not on the application's allow-list");
            }
        }
        UserStore.Credentials c = found.get();
        String fingerprint = AccessTokens.passwordFingerprint(c.password().phc());
        boolean receiveCalls;
        switch (request) {
            case LoginRequest.Password p -> {
                if (!services.users().passwordMatches(c, p.password())) {
                    throttle.failed(source, userKey);
                    return new LoginOutcome.Refused(401, "wrong password");
                }
                receiveCalls = p.receiveCalls();
            }
            case LoginRequest.Token t -> {
                LoginOutcome refused = checkHolder(tokens.checkAccess(t.accessToken()), appId, a.user(), fingerprint, source,
                        userKey, "access token");
                if (refused != null) {
                    return refused;
                }
                receiveCalls = t.receiveCalls();
            }
            case LoginRequest.KeyRequest k -> {
                return new LoginOutcome.KeyIssued(keys.issue(appId, a.user()));
            }
            case LoginRequest.OneTimeKey k -> {
                Optional<String> key = keys.take(appId, a.user());
                Optional<String> digest = services.users().loginKeyDigest(c);
                if (key.isEmpty() || digest.isEmpty() || !OneTimeKeyScheme.matches(key.get(), digest.get(), k.hash())) {
                    throttle.failed(source, userKey);
                    return new LoginOutcome.Refused(401, key.isEmpty() ? "no unused one-time key (never issued, expired or used)"
                            : digest.isEmpty() ? "no one-time-key digest stored for this user (set the password again)"
                            : "wrong one-time-key hash");
                }
                receiveCalls = k.receiveCalls();
            }
            case LoginRequest.Refresh r -> {
                LoginOutcome refused = checkHolder(tokens.takeRefresh(r.refreshToken()), appId, a.user(), fingerprint, source,
                        userKey, "refresh token");
                if (refused != null) {
                    return refused;
                }
                if (!c.user().active()) {
                    return new LoginOutcome.Refused(401, "user is inactive");
                }
                return new LoginOutcome.Refreshed(tokens.issue(new AccessTokens.Holder(appId, a.user(), fingerprint)));
            }
        }
        if (!c.user().active()) {
            return new LoginOutcome.Refused(401, "user is inactive");
        }
        SdkIdentity who = new SdkIdentity(account.get().id(), appId, c.user().id(), a.user(), c.user().displayName(),
                request.user(), receiveCalls);
        return new LoginOutcome.LoggedIn(who, tokens.issue(new AccessTokens.Holder(appId, a.user(), fingerprint)));
    }

    private LoginOutcome checkHolder(AccessTokens.Check check, ApplicationId app, String user, String fingerprint, String source,
                                     String userKey, String what) {
        return switch (check) {
            case AccessTokens.Check.Expired e -> new LoginOutcome.Refused(701, what + " expired");
            case AccessTokens.Check.Unknown u -> {
                throttle.failed(source, userKey);
                yield new LoginOutcome.Refused(401, "unknown " + what);
            }
            case AccessTokens.Check.Valid v -> {
                AccessTokens.Holder h = v.holder();
                if (!h.application().equals(app) || !h.user().equals(user)) {
                    throttle.failed(source, userKey);
                    yield new LoginOutcome.Refused(401, what + " of another user");
                }
                if (!h.passwordFingerprint().equals(fingerprint)) {
                    yield new LoginOutcome.Refused(401, what + " issued before the password changed");
                }
                yield null;
            }
        };
    }
}
