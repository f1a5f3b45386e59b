package dev.dialtone.platform.http.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import dev.dialtone.core.AccountId;
import dev.dialtone.platform.ConsoleConfig;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.PlatformException.Kind;
import dev.dialtone.platform.http.ApiRoutes;
import dev.dialtone.platform.http.Principal;
import dev.dialtone.platform.http.SessionAuthenticator;
import dev.dialtone.platform.live.LiveState;
import dev.dialtone.platform.model.Account;
import dev.dialtone.platform.security.ApiKeys;
import dev.dialtone.platform.service.AccountService;
import dev.dialtone.platform.service.AdminPasswordService;

/**
 * Console sessions: opened by a sign-in, kept in the live state (so every node of a cluster knows
 * them) under the SHA-256 of a random cookie token, each with its own CSRF token. A session ends
 * after {@link ConsoleConfig#idleTimeout()} without use, {@link ConsoleConfig#maxLifetime()} after
 * sign-in, at sign-out, when its account is deleted, or — for a password sign-in — when the
 * administrator password changes.
 */
public final class ConsoleSessions implements SessionAuthenticator {
    /** The session cookie over plain HTTP. */
    public static final String COOKIE = "dialtone_console";
    /** The session cookie over HTTPS: the {@code __Host-} prefix pins it to this host, path / and Secure. */
    public static final String SECURE_COOKIE = "__Host-" + COOKIE;
    static final String SPACE = "console-sessions";
    /** A session's idle clock is pushed forward at most this often (one live-state write). */
    static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final LiveState live;
    private final Function<AccountId, Optional<Account>> accounts;
    private final Function<Account, Optional<Instant>> passwordChanges;
    private final ConsoleConfig config;
    private final Clock clock;
    private final SecureRandom random;

    /** A session just opened: the cookie token (shown to the browser once, in Set-Cookie) and its details. */
    public record Opened(String token, Active active) {
        @Override
        public String toString() {
            return "Opened[" + active + ", token=<hidden>]";
        }
    }

    /** A live session and its account. */
    public record Active(Account account, SignInMethod method, String csrfToken, Instant expiresAt) {
        public Principal principal() {
            return new Principal(account, account.name() + " (console, " + method.label() + ")");
        }

        @Override
        public String toString() {
            return "Active[account=" + account.id() + ", method=" + method + ", expiresAt=" + expiresAt + "]";
        }
    }

    /**
     * @param accounts        finds an account by id (e.g. {@link AccountService#find})
     * @param passwordChanges when an account's console password was last set (e.g. {@link AdminPasswordService#currentChange})
     */
    public ConsoleSessions(LiveState live, Function<AccountId, Optional<Account>> accounts,
                           Function<Account, Optional<Instant>> passwordChanges, ConsoleConfig config, Clock clock,
                           SecureRandom random) {
        this.live = Objects.requireNonNull(live, "live");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.passwordChanges = Objects.requireNonNull(passwordChanges, "passwordChanges");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    public ConsoleConfig config() {
        return config;
    }

    /** Opens a session for an account that has just proved who it is. */
    public Opened open(Account account, SignInMethod method, Optional<Instant> passwordChangedAt) {
        Instant now = clock.instant();
        ConsoleSession s = new ConsoleSession(account.id(), method, randomToken(), now, now, passwordChangedAt);
        String token;
        do {
            token = randomToken();
        } while (!live.putIfAbsent(SPACE, ApiKeys.hash(token), s.encode(), config.idleTimeout()));
        return new Opened(token, new Active(account, method, s.csrfToken(), expiresAt(s)));
    }

    /** The live session of this cookie token; empty if there is none (never was, signed out, or expired). */
    public Optional<Active> find(String token) {
        if (token == null || token.isEmpty() || token.length() > 200) {
            return Optional.empty();
        }
        String key = ApiKeys.hash(token);
        Optional<ConsoleSession> stored = live.get(SPACE, key).flatMap(ConsoleSession::decode);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        ConsoleSession s = stored.get();
        Instant now = clock.instant();
        boolean idle = !now.isBefore(s.seenAt().plus(config.idleTimeout()));
        boolean old = !now.isBefore(s.createdAt().plus(config.maxLifetime()));
        Optional<Account> account = accounts.apply(s.accountId());
        boolean passwordChanged = s.method() == SignInMethod.PASSWORD
                && (account.isEmpty() || !passwordChanges.apply(account.get()).equals(s.passwordChangedAt()));
        if (idle || old || account.isEmpty() || passwordChanged) {
            live.take(SPACE, key);
            return Optional.empty();
        }
        if (!now.isBefore(s.seenAt().plus(TOUCH_EVERY))) {
            Duration left = Duration.between(now, s.createdAt().plus(config.maxLifetime()));
            live.put(SPACE, key, s.seen(now).encode(), left.compareTo(config.idleTimeout()) < 0 ? left : config.idleTimeout());
        }
        return Optional.of(new Active(account.get(), s.method(), s.csrfToken(), expiresAt(s)));
    }

    /** Ends the session of this token (sign-out). */
    public void close(String token) {
        if (token != null && !token.isEmpty() && token.length() <= 200) {
            live.take(SPACE, ApiKeys.hash(token));
        }
    }

    @Override
    public Optional<Principal> authenticate(String cookieHeader, boolean safeMethod, String csrfToken) throws PlatformException {
        Optional<String> token = tokenFrom(cookieHeader);
        if (token.isEmpty()) {
            return Optional.empty();
        }
        Active active = find(token.get()).orElseThrow(() -> new PlatformException(Kind.UNAUTHORIZED, null,
                "your console session has ended (signed out or expired); sign in again, or send an API key as "
                        + "'Authorization: Bearer <api_key>'"));
        if (!safeMethod) {
            checkCsrf(active, csrfToken);
        }
        return Optional.of(active.principal());
    }

    /** Refuses a change whose CSRF header is missing or is not this session's token. */
    static void checkCsrf(Active active, String presented) throws PlatformException {
        if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                active.csrfToken().getBytes(StandardCharsets.UTF_8))) {
            throw new PlatformException(Kind.FORBIDDEN, ApiRoutes.CSRF_HEADER, "a change made with a console session cookie "
                    + "needs the session's CSRF token in the " + ApiRoutes.CSRF_HEADER + " header (GET /console/session gives it)");
        }
    }

    /** The session token from a {@code Cookie} header, if it carries one of ours. */
    public static Optional<String> tokenFrom(String cookieHeader) {
        if (cookieHeader == null || cookieHeader.isEmpty()) {
            return Optional.empty();
        }
        String plain = null;
        for (String part : cookieHeader.split(";")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = p.substring(0, eq);
            String value = p.substring(eq + 1).trim();
            if (name.equals(SECURE_COOKIE) && !value.isEmpty()) {
                return Optional.of(value);
            }
            if (name.equals(COOKIE) && !value.isEmpty()) {
                plain = value;
            }
        }
        return Optional.ofNullable(plain);
    }

    private Instant expiresAt(ConsoleSession s) {
        return s.createdAt().plus(config.maxLifetime());
    }

    private String randomToken() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
