package dev.dialtone.scenario.internal;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How long scenario callbacks keep waiting: the shortest round trip (event sent to the worker → its callback
 * done) among the callbacks that ended in the last full window. The shortest, not an average or a percentile:
 * one slow callback or a GC pause lifts the tail, but when even the quickest callback of a window waited, every
 * event queued behind a backlog (the idea of CoDel's standing queue). Windows with fewer than {@code minSamples}
 * callbacks say nothing (a quiet node is never behind), and the reading goes stale one window after the last
 * callback ended.
 */
final class StandingDelay {
    private final long windowNanos;
    private final int minSamples;
    private final LongSupplier nanoClock;
    private long windowStart;
    private long windowMin = Long.MAX_VALUE;
    private int windowCount;
    private volatile long standing;
    private volatile long standingAt;

    StandingDelay(Duration window, int minSamples, LongSupplier nanoClock) {
        this.windowNanos = window.toNanos();
        this.minSamples = minSamples;
        this.nanoClock = nanoClock;
        this.windowStart = nanoClock.getAsLong();
    }

    /** A callback ended {@code roundTripNanos} after its event was sent. */
    synchronized void record(long roundTripNanos) {
        long now = nanoClock.getAsLong();
        long elapsed = now - windowStart;
        if (elapsed >= windowNanos) {
            // Only a window that just ended counts: one that ended long ago (no callback since) is history.
            boolean counts = windowCount >= minSamples && elapsed < 2 * windowNanos;
            standing = counts ? windowMin : 0;
            standingAt = now;
            windowStart = now;
            windowMin = Long.MAX_VALUE;
            windowCount = 0;
        }
        windowCount++;
        windowMin = Math.min(windowMin, roundTripNanos);
    }

    /** The standing delay in nanoseconds; 0 when the last full window was quiet or is over a window old. */
    long nanos() {
        long s = standing;
        return s > 0 && nanoClock.getAsLong() - standingAt <= 2 * windowNanos ? s : 0;
    }
}
