package dev.dialtone.scenario.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.dialtone.scenario.internal.wire.Frame;

/**
 * Idle sandbox workers handed from a closed engine to the next one created in the same JVM with the
 * same worker command line, when {@code worker.reuse} is on. The test kit and {@code ./dialtone run}
 * create an engine per test or run; each fresh worker JVM costs seconds of CPU to start and warm up,
 * and the workers are the same either way (sessions never share state across a worker's contexts).
 * A parked worker has no sessions; it exits by itself when this JVM does (its stdin closes).
 */
final class SpareWorkers {
    private static final int MAX_PER_COMMAND = 2;
    private static final Map<List<String>, Deque<WorkerProcess>> SPARE = new HashMap<>();

    /** Ignores whatever a parked worker says; forgets it when it exits. */
    private static final WorkerProcess.Listener PARKED = new WorkerProcess.Listener() {
        @Override
        public void onFrame(WorkerProcess worker, Frame frame) {
        }

        @Override
        public void onExit(WorkerProcess worker) {
            synchronized (SpareWorkers.class) {
                SPARE.values().forEach(d -> d.remove(worker));
            }
        }
    };

    private SpareWorkers() {
    }

    /** Keeps an idle, ready worker for a later engine; false if enough are kept already. */
    static synchronized boolean park(List<String> command, WorkerProcess w) {
        Deque<WorkerProcess> d = SPARE.computeIfAbsent(command, k -> new ArrayDeque<>());
        d.removeIf(x -> !x.alive());
        if (d.size() >= MAX_PER_COMMAND || !w.alive() || !w.sessions.isEmpty() || w.retired) {
            return false;
        }
        w.adopt(PARKED);
        d.add(w);
        return true;
    }

    /** A parked worker started with {@code command}, now listening to {@code listener}, or null. */
    static synchronized WorkerProcess take(List<String> command, WorkerProcess.Listener listener) {
        Deque<WorkerProcess> d = SPARE.get(command);
        while (d != null && !d.isEmpty()) {
            WorkerProcess w = d.poll();
            if (w.alive()) {
                w.adopt(listener);
                return w;
            }
        }
        return null;
    }
}
