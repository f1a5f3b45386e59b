package dev.dialtone.media.internal.graph;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Lateness of mixer ticks: how long after its due time each tick started. A fixed histogram of
 * 10 µs buckets up to 100 ms (plus one overflow bucket), written by the mixer threads without locks.
 */
public final class TickStats {
    private static final int BUCKET_NANOS = 10_000;
    private static final int BUCKETS = 10_000;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS + 1);
    private final java.util.concurrent.atomic.AtomicLong max = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong skipped = new java.util.concurrent.atomic.AtomicLong();

    void record(long latenessNanos) {
        long l = Math.max(0, latenessNanos);
        counts.incrementAndGet((int) Math.min(BUCKETS, l / BUCKET_NANOS));
        max.accumulateAndGet(l, Math::max);
    }

    void skipped(long ticks) {
        skipped.addAndGet(ticks);
    }

    /** A snapshot: count, p50, p99, max (nanoseconds) and ticks skipped because the thread fell behind. */
    public record Snapshot(long count, long p50Nanos, long p99Nanos, long maxNanos, long skippedTicks) {
    }

    public Snapshot snapshot() {
        long total = 0;
        long[] c = new long[BUCKETS + 1];
        for (int i = 0; i <= BUCKETS; i++) {
            c[i] = counts.get(i);
            total += c[i];
        }
        return new Snapshot(total, percentile(c, total, 0.50), percentile(c, total, 0.99), max.get(), skipped.get());
    }

    private static long percentile(long[] c, long total, double p) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(p * total);
        long seen = 0;
        for (int i = 0; i < c.length; i++) {
            seen += c[i];
            if (seen >= rank) {
                return (long) (i + 1) * BUCKET_NANOS; // upper edge of the bucket
            }
        }
        return (long) c.length * BUCKET_NANOS;
    }

    public void reset() {
        for (int i = 0; i <= BUCKETS; i++) {
            counts.set(i, 0);
        }
        max.set(0);
        skipped.set(0);
    }
}
