package dev.dialtone.platform.sdk.internal;

/**
 * A token bucket for one connection's frames: {@code burst} frames at once, refilled at
 * {@code perSecond}. Used from the connection's event loop only (not thread-safe).
 */
final class FrameBudget {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    FrameBudget(int perSecond, int burst, long nowNanos) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = nowNanos;
    }

    /** Takes one frame's token; false if the connection is over its budget. */
    boolean take(long nowNanos) {
        long elapsed = Math.max(0, nowNanos - last);
        last = nowNanos;
        tokens = Math.min(burst, tokens + elapsed * perNano);
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
