package dev.dialtone.pstn.internal.guard;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Counts new INVITEs per source address in one-second windows. A source over {@code perSecond} is
 * blocked for {@code block}: its new INVITEs are dropped without an answer (answering a flood only
 * doubles it). Memory is bounded: at most {@code maxSources} addresses are tracked; when full, idle
 * entries are swept, and if all are still busy a new source is let through untracked (refusing every
 * new source would let one attacker with many addresses deny service to everybody; the live-call
 * limit and the bounded queues still hold).
 */
public final class SourceRateLimiter {
    /** What happened to one INVITE. */
    public enum Verdict { ALLOWED, BLOCKED_NOW, BLOCKED }

    private static final long SECOND = 1_000_000_000L;

    private final int perSecond;
    private final long blockNanos;
    private final int maxSources;
    private final LongSupplier nanoTime;
    private final Map<InetAddress, Window> windows = new ConcurrentHashMap<>();

    public SourceRateLimiter(int perSecond, Duration block, int maxSources, LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.blockNanos = block.toNanos();
        this.maxSources = maxSources;
        this.nanoTime = nanoTime;
    }

    private static final class Window {
        long start;
        int count;
        long blockedUntil;
        boolean blocked;
    }

    public Verdict admit(InetAddress source) {
        long now = nanoTime.getAsLong();
        Window w = windows.get(source);
        if (w == null) {
            if (windows.size() >= maxSources) {
                sweep(now);
                if (windows.size() >= maxSources) {
                    return Verdict.ALLOWED;
                }
            }
            w = windows.computeIfAbsent(source, a -> new Window());
        }
        synchronized (w) {
            if (w.blocked) {
                if (now - w.blockedUntil < 0) {
                    return Verdict.BLOCKED;
                }
                w.blocked = false;
                w.count = 0;
                w.start = now;
            }
            if (now - w.start >= SECOND || w.count == 0) {
                w.start = now;
                w.count = 0;
            }
            w.count++;
            if (w.count > perSecond) {
                w.blocked = true;
                w.blockedUntil = now + blockNanos;
                return Verdict.BLOCKED_NOW;
            }
            return Verdict.ALLOWED;
        }
    }

    private void sweep(long now) {
        Iterator<Window> it = windows.values().iterator();
        while (it.hasNext()) {
            Window w = it.next();
            synchronized (w) {
                boolean idle = w.blocked ? now - w.blockedUntil >= 0 : now - w.start >= SECOND;
                if (idle) {
                    it.remove();
                }
            }
        }
    }

    public int trackedSources() {
        return windows.size();
    }
}
