package dev.dialtone.platform;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the admin console ({@code dialtone.platform.console.*}), validated on construction.
 *
 * @param idleTimeout               {@code dialtone.platform.console.idle-timeout}: a console session unused this long ends
 * @param maxLifetime               {@code dialtone.platform.console.max-lifetime}: a console session ends this long after
 *                                  sign-in, used or not
 * @param passwordFailuresPerMinute {@code dialtone.platform.console.password-failures-per-minute}: wrong administrator
 *                                  passwords accepted per minute from all addresses together before password sign-in
 *                                  answers 429 for the rest of that minute (API key sign-in is not affected)
 * @param initialAdminPassword      {@code DIALTONE_ADMIN_PASSWORD}: the administrator's console password, stored
 *                                  (argon2id-hashed) when the node starts and no password is stored yet; empty = none
 */
public record ConsoleConfig(Duration idleTimeout, Duration maxLifetime, int passwordFailuresPerMinute,
                            Optional<String> initialAdminPassword) {
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(12);
    public static final int DEFAULT_PASSWORD_FAILURES_PER_MINUTE = 20;
    /** Shortest administrator password accepted. */
    public static final int MIN_PASSWORD_LENGTH = 12;
    /** Longest administrator password accepted. */
    public static final int MAX_PASSWORD_LENGTH = 128;
    public static final String ADMIN_PASSWORD_ENV = "DIALTONE_ADMIN_PASSWORD";

    public static final ConsoleConfig DEFAULT = new ConsoleConfig(DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_LIFETIME,
            DEFAULT_PASSWORD_FAILURES_PER_MINUTE, Optional.empty());

    public ConsoleConfig {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(maxLifetime, "maxLifetime");
        if (idleTimeout.compareTo(Duration.ofMinutes(1)) < 0 || idleTimeout.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("console.idle-timeout must be 1 minute .. 1 day: " + idleTimeout);
        }
        if (maxLifetime.compareTo(idleTimeout) < 0 || maxLifetime.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("console.max-lifetime must be idle-timeout .. 7 days: " + maxLifetime);
        }
        if (passwordFailuresPerMinute < 1 || passwordFailuresPerMinute > 10_000) {
            throw new IllegalArgumentException("console.password-failures-per-minute must be 1..10000: " + passwordFailuresPerMinute);
        }
        Objects.requireNonNull(initialAdminPassword, "initialAdminPassword");
        initialAdminPassword.ifPresent(p -> {
            String problem = passwordProblem(p);
            if (problem != null) {
                throw new IllegalArgumentException(ADMIN_PASSWORD_ENV + " " + problem);
            }
        });
    }

    /** What is wrong with an administrator password, or null if it is acceptable. */
    public static String passwordProblem(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            return "must be at least " + MIN_PASSWORD_LENGTH + " characters long";
        }
        if (password.length() > MAX_PASSWORD_LENGTH) {
            return "must be at most " + MAX_PASSWORD_LENGTH + " characters long";
        }
        if (password.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "must not contain control characters";
        }
        return null;
    }

    /** Defaults, with the administrator password from {@code DIALTONE_ADMIN_PASSWORD} if set. */
    public static ConsoleConfig fromEnv(Map<String, String> env) {
        return DEFAULT.withInitialAdminPassword(Optional.ofNullable(env.get(ADMIN_PASSWORD_ENV)).filter(s -> !s.isEmpty()));
    }

    public ConsoleConfig withInitialAdminPassword(Optional<String> password) {
        return new ConsoleConfig(idleTimeout, maxLifetime, passwordFailuresPerMinute, password);
    }

    public ConsoleConfig withTimeouts(Duration idle, Duration max) {
        return new ConsoleConfig(idle, max, passwordFailuresPerMinute, initialAdminPassword);
    }

    @Override
    public String toString() {
        return "ConsoleConfig[idle-timeout=" + idleTimeout + ", max-lifetime=" + maxLifetime + ", password-failures-per-minute="
                + passwordFailuresPerMinute + ", initial-admin-password=" + (initialAdminPassword.isPresent() ? "<set>" : "<none>")
                + "]";
    }
}
