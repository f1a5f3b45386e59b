package dev.dialtone.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} whose time moves only when {@link #advance} is called. Due tasks run on the
 * thread that advances, in time order (ties in scheduling order). Tasks may schedule more tasks;
 * those run in the same {@code advance} call if they fall due within it. Safe to schedule from any
 * thread.
 */
public final class VirtualScheduler implements Scheduler {
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private final Instant origin;
    private long nowNanos;
    private long sequence;

    public VirtualScheduler(Instant origin) {
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    public VirtualScheduler() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Override
    public synchronized Clock clock() {
        return Clock.fixed(origin.plusNanos(nowNanos), ZoneOffset.UTC);
    }

    @Override
    public synchronized long nanoTime() {
        return nowNanos;
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Objects.requireNonNull(task, "task");
        Task t = new Task(nowNanos + Math.max(0, delay.toNanos()), sequence++, task);
        queue.add(t);
        return () -> {
            synchronized (VirtualScheduler.this) {
                return queue.remove(t);
            }
        };
    }

    /** Moves time forward by {@code amount}, running every task that falls due on the way. */
    public void advance(Duration amount) {
        long target;
        synchronized (this) {
            target = nowNanos + amount.toNanos();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.dueNanos > target) {
                    nowNanos = target;
                    return;
                }
                queue.poll();
                nowNanos = Math.max(nowNanos, next.dueNanos);
            }
            next.task.run();
        }
    }

    /** Runs tasks that are due now without moving time. */
    public void runDue() {
        advance(Duration.ZERO);
    }

    public synchronized int pendingTasks() {
        return queue.size();
    }

    /** The due times of pending tasks, relative to now, for diagnostics. */
    public synchronized List<Duration> pendingDelays() {
        List<Duration> delays = new ArrayList<>();
        for (Task t : queue) {
            delays.add(Duration.ofNanos(t.dueNanos - nowNanos));
        }
        delays.sort(null);
        return delays;
    }

    private record Task(long dueNanos, long seq, Runnable task) implements Comparable<Task> {
        @Override
        public int compareTo(Task o) {
            int c = Long.compare(dueNanos, o.dueNanos);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
