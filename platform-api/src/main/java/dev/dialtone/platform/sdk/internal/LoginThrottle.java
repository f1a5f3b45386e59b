package dev.dialtone.platform.sdk.internal;

import java.time.Duration;
import java.util.Objects;

import dev.dialtone.platform.live.LiveState;

/**
 * Limits guessing of web SDK credentials with counters in the live state (shared by the nodes of a
 * cluster): failed logins per user within a window and per source address per minute. A throttled
 * login is refused before any credential is checked, and does not count again.
 */
public final class LoginThrottle {
    private static final Duration SOURCE_WINDOW = Duration.ofMinutes(1);

    private final LiveState live;
    private final int perUser;
    private final Duration userWindow;
    private final int perSource;

    public LoginThrottle(LiveState live, int perUser, Duration userWindow, int perSource) {
        this.live = Objects.requireNonNull(live, "live");
        this.perUser = perUser;
        this.userWindow = userWindow;
        this.perSource = perSource;
    }

    /** Whether logins from {@code source} are refused for now. */
    public boolean sourceBlocked(String source) {
        return live.count(sourceCounter(source), SOURCE_WINDOW) >= perSource;
    }

    /** Whether logins as {@code userKey} are refused for now. */
    public boolean userBlocked(String userKey) {
        return live.count(userCounter(userKey), userWindow) >= perUser;
    }

    /** Counts a failure against the source and, if known, the user. */
    public void failed(String source, String userKey) {
        live.increment(sourceCounter(source), SOURCE_WINDOW);
        if (userKey != null) {
            live.increment(userCounter(userKey), userWindow);
        }
    }

    private static String sourceCounter(String source) {
        return "sdk-login-fail-src:" + source;
    }

    private static String userCounter(String userKey) {
        return "sdk-login-fail-user:" + userKey;
    }
}
