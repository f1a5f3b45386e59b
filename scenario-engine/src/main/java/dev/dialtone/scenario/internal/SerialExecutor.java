package dev.dialtone.scenario.internal;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one session's node-side tasks one at a time, in submission order, on a shared pool. */
final class SerialExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor pool;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean active;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (tasks) {
            tasks.add(task);
            if (active) {
                return;
            }
            active = true;
        }
        pool.execute(this::drain);
    }

    private void drain() {
        for (int i = 0; i < 64; i++) {
            Runnable next;
            synchronized (tasks) {
                next = tasks.poll();
                if (next == null) {
                    active = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                LOG.error("session task failed", e);
            }
        }
        // Yield the pool thread to other sessions; continue later.
        pool.execute(this::drain);
    }
}
