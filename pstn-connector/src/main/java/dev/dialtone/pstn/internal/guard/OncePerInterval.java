package dev.dialtone.pstn.internal.guard;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Says yes at most once per key per interval, and counts the noes in between (so a log line can
 * say "and 41 more"). Used to log malformed messages once per source per minute. At most
 * {@code maxKeys} keys are remembered; beyond that, expired keys are swept, and if none expired the
 * answer is no (a flood from many sources must not become a flood of log lines).
 */
public final class OncePerInterval<K> {
    private final long intervalNanos;
    private final int maxKeys;
    private final LongSupplier nanoTime;
    private final Map<K, Slot> slots = new ConcurrentHashMap<>();
    private final AtomicLong overflow = new AtomicLong();

    public OncePerInterval(Duration interval, int maxKeys, LongSupplier nanoTime) {
        this.intervalNanos = interval.toNanos();
        this.maxKeys = maxKeys;
        this.nanoTime = nanoTime;
    }

    private static final class Slot {
        long since;
        long suppressed;
    }

    /** -1 if this occurrence should not be reported, else how many were suppressed before it. */
    public long tryReport(K key) {
        long now = nanoTime.getAsLong();
        Slot s = slots.get(key);
        if (s == null) {
            if (slots.size() >= maxKeys) {
                sweep(now);
                if (slots.size() >= maxKeys) {
                    overflow.incrementAndGet();
                    return -1;
                }
            }
            Slot fresh = new Slot();
            fresh.since = now;
            s = slots.putIfAbsent(key, fresh);
            if (s == null) {
                return overflow.getAndSet(0);
            }
        }
        synchronized (s) {
            if (now - s.since >= intervalNanos) {
                long n = s.suppressed;
                s.suppressed = 0;
                s.since = now;
                return n;
            }
            s.suppressed++;
            return -1;
        }
    }

    private void sweep(long now) {
        Iterator<Slot> it = slots.values().iterator();
        while (it.hasNext()) {
            Slot s = it.next();
            synchronized (s) {
                if (now - s.since >= intervalNanos && s.suppressed == 0) {
                    it.remove();
                }
            }
        }
    }
}
