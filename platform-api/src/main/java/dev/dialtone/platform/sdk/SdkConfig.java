package dev.dialtone.platform.sdk;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the web SDK gateway ({@code dialtone.platform.sdk.*}), validated on construction.
 *
 * @param maxFrameBytes       {@code max-frame-bytes}: the longest text frame a page may send (an SDP offer with
 *                            video is about 10 KiB); a longer one closes the connection (1009)
 * @param framesPerSecond     {@code frames-per-second}: sustained frames a connection may send (pages ping at 1 Hz)
 * @param frameBurst          {@code frame-burst}: frames a connection may send at once above the sustained rate;
 *                            beyond it the connection is closed (1008)
 * @param idleTimeout         {@code idle-timeout}: a connection that sends nothing (pages ping every second) for
 *                            this long is closed by the server
 * @param loginTimeout        {@code login-timeout}: a connection that has not logged in after this long is closed
 * @param accessTokenTtl      {@code access-token-ttl}: life of an access token issued at login or refresh
 * @param refreshTokenTtl     {@code refresh-token-ttl}: life of a refresh token (single use: a refresh issues a new pair)
 * @param oneTimeKeyTtl       {@code one-time-key-ttl}: life of a one-time login key (single use)
 * @param failuresPerUser     {@code failures-per-user}: wrong credentials for one user within {@code failure-window}
 *                            before its logins answer 429 for the rest of the window
 * @param failureWindow       {@code failure-window}: the window of {@code failures-per-user}
 * @param failuresPerSource   {@code failures-per-source}: failed logins from one address per minute before that
 *                            address's logins answer 429 for the rest of the minute
 * @param loginThreads        {@code login-threads}: threads that verify passwords (argon2id is CPU- and memory-heavy)
 * @param turnSecret          {@code turn-secret} / {@code DIALTONE_TURN_SECRET}: the shared secret of the TURN server
 *                            ({@code static-auth-secret} of coturn); empty = no TURN credentials are handed out
 * @param iceUris             {@code ice-uris} / {@code DIALTONE_TURN_URIS}: {@code turn:}/{@code turns:}/{@code stun:}
 *                            URIs given to pages in {@code iceConfig} (comma-separated in the environment)
 * @param turnTtl             {@code turn-ttl}: how long TURN credentials stay valid
 * @param extraDomains        {@code extra-domains}: domains accepted in user names besides the node's app domain
 *                            ({@code user@app.account.<domain>}); default {@code voximplant.com}, so pages written
 *                            for the original keep their user names
 * @param resumeGrace         {@code resume-grace}: how long the calls of a dropped connection wait for the page to
 *                            come back ({@code resumeConnection}) before they end as disconnected; 0 = end at once
 */
public record SdkConfig(int maxFrameBytes, int framesPerSecond, int frameBurst, Duration idleTimeout, Duration loginTimeout,
                        Duration accessTokenTtl, Duration refreshTokenTtl, Duration oneTimeKeyTtl, int failuresPerUser,
                        Duration failureWindow, int failuresPerSource, int loginThreads, Optional<String> turnSecret,
                        List<String> iceUris, Duration turnTtl, List<String> extraDomains, Duration resumeGrace) {
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
    public static final int DEFAULT_FRAMES_PER_SECOND = 20;
    public static final int DEFAULT_FRAME_BURST = 100;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(20);
    public static final Duration DEFAULT_LOGIN_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_ACCESS_TOKEN_TTL = Duration.ofHours(1);
    public static final Duration DEFAULT_REFRESH_TOKEN_TTL = Duration.ofDays(7);
    public static final Duration DEFAULT_ONE_TIME_KEY_TTL = Duration.ofSeconds(60);
    public static final int DEFAULT_FAILURES_PER_USER = 10;
    public static final Duration DEFAULT_FAILURE_WINDOW = Duration.ofMinutes(15);
    public static final int DEFAULT_FAILURES_PER_SOURCE = 30;
    public static final int DEFAULT_LOGIN_THREADS = 2;
    public static final Duration DEFAULT_TURN_TTL = Duration.ofHours(6);
    public static final List<String> DEFAULT_EXTRA_DOMAINS = List.of("voximplant.com");
    public static final Duration DEFAULT_RESUME_GRACE = Duration.ofSeconds(30);
    public static final String TURN_SECRET_ENV = "DIALTONE_TURN_SECRET";
    public static final String TURN_URIS_ENV = "DIALTONE_TURN_URIS";

    public static final SdkConfig DEFAULT = new SdkConfig(DEFAULT_MAX_FRAME_BYTES, DEFAULT_FRAMES_PER_SECOND, DEFAULT_FRAME_BURST,
            DEFAULT_IDLE_TIMEOUT, DEFAULT_LOGIN_TIMEOUT, DEFAULT_ACCESS_TOKEN_TTL, DEFAULT_REFRESH_TOKEN_TTL,
            DEFAULT_ONE_TIME_KEY_TTL, DEFAULT_FAILURES_PER_USER, DEFAULT_FAILURE_WINDOW, DEFAULT_FAILURES_PER_SOURCE,
            DEFAULT_LOGIN_THREADS, Optional.empty(), List.of(), DEFAULT_TURN_TTL, DEFAULT_EXTRA_DOMAINS, DEFAULT_RESUME_GRACE);

    public SdkConfig {
        if (maxFrameBytes < 4096 || maxFrameBytes > 1024 * 1024) {
            throw new IllegalArgumentException("sdk.max-frame-bytes must be 4096..1048576: " + maxFrameBytes);
        }
        if (framesPerSecond < 1 || framesPerSecond > 10_000) {
            throw new IllegalArgumentException("sdk.frames-per-second must be 1..10000: " + framesPerSecond);
        }
        if (frameBurst < framesPerSecond || frameBurst > 100_000) {
            throw new IllegalArgumentException("sdk.frame-burst must be frames-per-second..100000: " + frameBurst);
        }
        within("idle-timeout", idleTimeout, Duration.ofMillis(100), Duration.ofHours(1));
        within("login-timeout", loginTimeout, Duration.ofMillis(100), Duration.ofHours(1));
        within("access-token-ttl", accessTokenTtl, Duration.ofSeconds(1), Duration.ofDays(1));
        within("refresh-token-ttl", refreshTokenTtl, accessTokenTtl, Duration.ofDays(90));
        within("one-time-key-ttl", oneTimeKeyTtl, Duration.ofSeconds(1), Duration.ofMinutes(10));
        within("failure-window", failureWindow, Duration.ofSeconds(1), Duration.ofDays(1));
        within("turn-ttl", turnTtl, Duration.ofMinutes(1), Duration.ofDays(2));
        within("resume-grace", resumeGrace, Duration.ZERO, Duration.ofMinutes(10));
        if (failuresPerUser < 1 || failuresPerUser > 10_000) {
            throw new IllegalArgumentException("sdk.failures-per-user must be 1..10000: " + failuresPerUser);
        }
        if (failuresPerSource < 1 || failuresPerSource > 100_000) {
            throw new IllegalArgumentException("sdk.failures-per-source must be 1..100000: " + failuresPerSource);
        }
        if (loginThreads < 1 || loginThreads > 64) {
            throw new IllegalArgumentException("sdk.login-threads must be 1..64: " + loginThreads);
        }
        Objects.requireNonNull(turnSecret, "turnSecret");
        turnSecret.ifPresent(s -> {
            if (s.length() < 16 || s.length() > 256 || !s.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("sdk.turn-secret must be 16..256 printable ASCII characters without spaces");
            }
        });
        iceUris = List.copyOf(iceUris);
        for (String uri : iceUris) {
            if (!uri.matches("(turns?|stuns?):[A-Za-z0-9.\\[\\]:-]+(\\?transport=(udp|tcp))?")) {
                throw new IllegalArgumentException("sdk.ice-uris: '" + uri + "' is not a turn:, turns:, stun: or stuns: URI "
                        + "(e.g. turn:turn.example.com:3478?transport=udp)");
            }
            URI.create(uri);
        }
        if (turnSecret.isPresent() && iceUris.stream().noneMatch(u -> u.startsWith("turn"))) {
            throw new IllegalArgumentException("sdk.turn-secret is set but sdk.ice-uris has no turn: or turns: URI");
        }
        extraDomains = List.copyOf(extraDomains);
        for (String d : extraDomains) {
            if (!d.matches("[a-z0-9]([a-z0-9.-]{0,200}[a-z0-9])?")) {
                throw new IllegalArgumentException("sdk.extra-domains: not a lower-case DNS name: " + d);
            }
        }
    }

    private static void within(String name, Duration d, Duration min, Duration max) {
        Objects.requireNonNull(d, name);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException("sdk." + name + " must be " + min + " .. " + max + ": " + d);
        }
    }

    /** Defaults, with TURN from {@code DIALTONE_TURN_SECRET} and {@code DIALTONE_TURN_URIS} if set. */
    public static SdkConfig fromEnv(Map<String, String> env) {
        Optional<String> secret = Optional.ofNullable(env.get(TURN_SECRET_ENV)).filter(s -> !s.isEmpty());
        List<String> uris = Optional.ofNullable(env.get(TURN_URIS_ENV)).filter(s -> !s.isBlank())
                .map(s -> Arrays.stream(s.split(",")).map(String::trim).filter(u -> !u.isEmpty()).toList()).orElse(List.of());
        return DEFAULT.withIce(secret, uris, DEFAULT_TURN_TTL);
    }

    public SdkConfig withIce(Optional<String> secret, List<String> uris, Duration ttl) {
        return new SdkConfig(maxFrameBytes, framesPerSecond, frameBurst, idleTimeout, loginTimeout, accessTokenTtl,
                refreshTokenTtl, oneTimeKeyTtl, failuresPerUser, failureWindow, failuresPerSource, loginThreads, secret, uris, ttl,
                extraDomains, resumeGrace);
    }

    public SdkConfig withTimeouts(Duration idle, Duration login) {
        return new SdkConfig(maxFrameBytes, framesPerSecond, frameBurst, idle, login, accessTokenTtl, refreshTokenTtl,
                oneTimeKeyTtl, failuresPerUser, failureWindow, failuresPerSource, loginThreads, turnSecret, iceUris, turnTtl,
                extraDomains, resumeGrace);
    }

    public SdkConfig withFrameLimits(int maxBytes, int perSecond, int burst) {
        return new SdkConfig(maxBytes, perSecond, burst, idleTimeout, loginTimeout, accessTokenTtl, refreshTokenTtl,
                oneTimeKeyTtl, failuresPerUser, failureWindow, failuresPerSource, loginThreads, turnSecret, iceUris, turnTtl,
                extraDomains, resumeGrace);
    }

    public SdkConfig withTokenLifetimes(Duration access, Duration refresh, Duration oneTimeKey) {
        return new SdkConfig(maxFrameBytes, framesPerSecond, frameBurst, idleTimeout, loginTimeout, access, refresh, oneTimeKey,
                failuresPerUser, failureWindow, failuresPerSource, loginThreads, turnSecret, iceUris, turnTtl, extraDomains, resumeGrace);
    }

    public SdkConfig withFailureLimits(int perUser, Duration window, int perSource) {
        return new SdkConfig(maxFrameBytes, framesPerSecond, frameBurst, idleTimeout, loginTimeout, accessTokenTtl,
                refreshTokenTtl, oneTimeKeyTtl, perUser, window, perSource, loginThreads, turnSecret, iceUris, turnTtl,
                extraDomains, resumeGrace);
    }

    public SdkConfig withResumeGrace(Duration grace) {
        return new SdkConfig(maxFrameBytes, framesPerSecond, frameBurst, idleTimeout, loginTimeout, accessTokenTtl,
                refreshTokenTtl, oneTimeKeyTtl, failuresPerUser, failureWindow, failuresPerSource, loginThreads, turnSecret, iceUris,
                turnTtl, extraDomains, grace);
    }

    @Override
    public String toString() {
        return "SdkConfig[maxFrameBytes=" + maxFrameBytes + ", framesPerSecond=" + framesPerSecond + ", iceUris=" + iceUris
                + ", turnSecret=" + (turnSecret.isPresent() ? "(set)" : "(none)") + "]";
    }
}
