package dev.dialtone.platform.calls;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * A count that is costly to take (e.g. the scenario engine's live sessions), taken at most once per
 * {@code periodNanos}; in between, the last value. The first {@link #get} always takes it.
 */
final class SampledCount {
    private final IntSupplier source;
    private final long periodNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong takenAt;
    private volatile int last;

    SampledCount(IntSupplier source, long periodNanos, LongSupplier nanoTime) {
        this.source = source;
        this.periodNanos = periodNanos;
        this.nanoTime = nanoTime;
        this.takenAt = new AtomicLong(nanoTime.getAsLong() - periodNanos - 1);
    }

    int get() {
        long now = nanoTime.getAsLong();
        long at = takenAt.get();
        if (now - at > periodNanos && takenAt.compareAndSet(at, now)) {
            last = source.getAsInt();
        }
        return last;
    }
}
