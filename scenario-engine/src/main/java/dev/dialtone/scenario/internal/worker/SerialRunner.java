package dev.dialtone.scenario.internal.worker;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/** Runs tasks one at a time, in order, on a shared executor: one session's callbacks never overlap. */
final class SerialRunner {
    private final Executor executor;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean active;

    SerialRunner(Executor executor) {
        this.executor = executor;
    }

    void submit(Runnable task) {
        synchronized (tasks) {
            tasks.add(task);
            if (active) {
                return;
            }
            active = true;
        }
        executor.execute(this::drain);
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (tasks) {
                next = tasks.poll();
                if (next == null) {
                    active = false;
                    return;
                }
            }
            next.run();
        }
    }
}
