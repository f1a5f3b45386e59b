package dev.dialtone.platform.http;

import java.time.Duration;

import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.PlatformException.Kind;
import dev.dialtone.platform.live.LiveState;

/**
 * Slows down API key guessing: after {@link #FAILURES_PER_MINUTE} wrong keys from one address in
 * a minute, that address gets 429 until the minute is over. Counters live in {@link LiveState},
 * so every node of a cluster sees them.
 */
public final class AuthGuard {
    /** Wrong API keys accepted from one address per minute before it gets 429. */
    public static final int FAILURES_PER_MINUTE = 30;
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final LiveState live;

    public AuthGuard(LiveState live) {
        this.live = live;
    }

    public void check(String remote) throws PlatformException {
        if (live.count(key(remote), WINDOW) >= FAILURES_PER_MINUTE) {
            throw new PlatformException(Kind.TOO_MANY_REQUESTS, null, "too many failed authentications from this address; wait a minute");
        }
    }

    public void failed(String remote) {
        live.increment(key(remote), WINDOW);
    }

    private static String key(String remote) {
        return "auth-failures:" + remote;
    }
}
