package dev.dialtone.core;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: one call's or one session's own thread of
 * control without a thread of its own. After 64 tasks in a row it hands the pool thread back and continues later,
 * so a busy one cannot hold a pool thread from the others. A task that throws is reported to {@code failed} and the
 * next one runs. If the pool refuses work (it is shutting down), what is queued runs on the submitting thread rather
 * than being lost (a hang-up still goes out).
 */
public final class SerialExecutor implements Executor {
    private static final int BUDGET = 64;

    private final Executor pool;
    private final Consumer<Throwable> failed;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    public SerialExecutor(Executor pool, Consumer<Throwable> failed) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.failed = Objects.requireNonNull(failed, "failed");
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        synchronized (tasks) {
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        schedule();
    }

    private void schedule() {
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            drain();
        }
    }

    private void drain() {
        for (int budget = BUDGET; budget > 0; budget--) {
            Runnable next;
            synchronized (tasks) {
                next = tasks.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException | Error e) {
                failed.accept(e);
            }
        }
        synchronized (tasks) {
            if (tasks.isEmpty()) {
                running = false;
                return;
            }
        }
        schedule();
    }
}
