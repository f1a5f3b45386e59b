package dev.dialtone.core;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Time as modules see it: a clock and delayed tasks. Production code gets {@link #system}; tests and
 * the scenario test kit get a {@link VirtualScheduler} so that a minute of call time runs in
 * milliseconds.
 */
public interface Scheduler {
    Clock clock();

    /** Monotonic time in nanoseconds, for measuring intervals (not related to the wall clock). */
    long nanoTime();

    /** Runs {@code task} once after {@code delay}. Tasks must be short and must not block. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A task that has been scheduled and may be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        /** Returns true if the task had not run yet and now never will. */
        boolean cancel();
    }

    /** The real clock, with tasks run by {@code executor}. */
    static Scheduler system(ScheduledExecutorService executor) {
        Objects.requireNonNull(executor, "executor");
        Clock clock = Clock.systemUTC();
        return new Scheduler() {
            @Override
            public Clock clock() {
                return clock;
            }

            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public Cancellable schedule(Duration delay, Runnable task) {
                ScheduledFuture<?> future = executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
                return () -> future.cancel(false);
            }
        };
    }
}
