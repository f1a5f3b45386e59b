package dev.dialtone.scenario.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.core.ThreadPriority;
import dev.dialtone.scenario.internal.worker.WorkerMain;

/**
 * Sets the OS scheduling priority (nice value) of a sandbox worker's threads from the node: every
 * thread listed in {@code /proc/<pid>/task} is reniced by its thread id ({@code renice N -p tid...},
 * one process per change, on the pool's supervisor thread; changes are rare). This is how one worker
 * is kept from taking the CPU from everyone else on a small machine:
 * <ul>
 *   <li>{@link Level#BACKGROUND} and {@link Level#DEMOTED}: every thread except the worker's control
 *       threads (reader, outbox, watchdog, cancellers) runs at nice {@value #LOWEST}, so the worker
 *       still answers, cancels and sends heartbeats, but its scripts, JIT compilers and GC only get
 *       the CPU nobody else wants;</li>
 *   <li>{@link Level#NORMAL}: every thread runs at the node's own nice value, except background work:
 *       the context pre-warmer and the JIT compiler threads (C1, C2, Truffle). Compilation is
 *       asynchronous, nobody waits for it, and a fresh worker's JVM keeps compiling for seconds of CPU
 *       after it is ready: that must never compete with live sessions.</li>
 * </ul>
 * Lowering a nice value again needs {@code CAP_SYS_NICE} (or a raised {@code RLIMIT_NICE});
 * {@link #canRestore()} says whether this node has it. Linux only: elsewhere nothing is changed.
 */
final class WorkerPriority {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPriority.class);

    /** The nice value of demoted and background threads. */
    static final int LOWEST = 19;
    private static final int PRIO_PROCESS = 0;
    private static final int ESRCH = 3;

    /** What a worker's threads are allowed to take. */
    enum Level {
        /** Idle: everything but the control threads at the lowest priority. */
        BACKGROUND,
        /** Leased while its JVM still starts: a session waits for it, so all of it at the node's priority. */
        STARTING,
        /** Serving sessions: the node's priority, its JIT compilers at the lowest. */
        NORMAL,
        /** A callback runs too long: like {@link #BACKGROUND}. */
        DEMOTED
    }

    private final boolean available;
    private final int baseline;
    private final boolean canRestore;
    private final AtomicLong changes = new AtomicLong();

    private WorkerPriority(boolean available, int baseline) {
        this.available = available;
        this.baseline = baseline;
        this.canRestore = available && probeRestore();
    }

    private static final class Holder {
        static final WorkerPriority NODE = detect();
    }

    /** The priority control of this node (detected once per JVM). */
    static WorkerPriority node() {
        return Holder.NODE;
    }

    /** The priority control of this node, or a no-op one where the OS offers none. */
    static WorkerPriority detect() {
        if (!ThreadPriority.available()) {
            LOG.warn("cannot set sandbox worker priorities (no renice or /proc); workers run at the node's priority");
            return new WorkerPriority(false, 0);
        }
        try {
            WorkerPriority p = new WorkerPriority(true, ThreadPriority.niceOf(Path.of("/proc/self/stat")));
            if (!p.canRestore) {
                LOG.warn("this node may not raise thread priorities again (no CAP_SYS_NICE): a sandbox worker "
                        + "demoted for a long callback is retired instead of restored");
            }
            return p;
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot set sandbox worker priorities ({}); workers run at the node's priority", e.toString());
            return new WorkerPriority(false, 0);
        }
    }

    boolean available() {
        return available;
    }

    /** True when a demoted or background worker can be brought back to the node's priority. */
    boolean canRestore() {
        return canRestore;
    }

    /** How many thread priorities were changed so far (diagnostics and tests). */
    long changes() {
        return changes.get();
    }

    /**
     * Applies {@code level} to every current thread of process {@code pid}. Returns false when the OS
     * refused a change (threads that exited meanwhile do not count).
     */
    boolean apply(long pid, Level level) {
        if (!available) {
            return false;
        }
        List<Integer> normal = new ArrayList<>();
        List<Integer> lowest = new ArrayList<>();
        for (TaskName t : tasks(pid)) {
            if (level == Level.STARTING) {
                (t.name().startsWith(WorkerMain.BACKGROUND_PREFIX) ? lowest : normal).add(t.tid());
            } else if (level == Level.NORMAL) {
                (isBackground(t.name()) ? lowest : normal).add(t.tid());
            } else if (!isControl(t.name())) {
                lowest.add(t.tid());
            }
        }
        return set(lowest, LOWEST) & set(normal, baseline);
    }

    /**
     * Threads that keep a worker answering, never demoted: the worker's own control threads, and the
     * JVM thread that runs safepoint operations (every Java thread, the watchdog included, waits for it).
     */
    static boolean isControl(String threadName) {
        return threadName.startsWith(WorkerMain.CONTROL_PREFIX) || threadName.equals("VM Thread")
                || threadName.startsWith("VM Periodic Tas");
    }

    /** Threads whose work nobody waits for: they only ever get CPU nobody else wants. */
    static boolean isBackground(String threadName) {
        for (String prefix : BACKGROUND_THREADS) {
            if (threadName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Kernel thread names (15 characters at most) of background work in a worker JVM. */
    private static final List<String> BACKGROUND_THREADS =
            List.of(WorkerMain.BACKGROUND_PREFIX, "C1 CompilerThre", "C2 CompilerThre", "TruffleCompiler", "JVMCI");

    /** The nice value of one thread ({@code /proc/<pid>/task/<tid>/stat}), or null if it is gone. */
    static Integer niceOfThread(long pid, int tid) {
        return ThreadPriority.niceOfThread(pid, tid);
    }

    record TaskName(int tid, String name) {
    }

    /** The threads of a process with their names, as the kernel lists them. */
    static List<TaskName> tasks(long pid) {
        List<TaskName> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                try {
                    out.add(new TaskName(Integer.parseInt(d.getFileName().toString()), Files.readString(d.resolve("comm")).strip()));
                } catch (IOException | NumberFormatException e) {
                    // The thread exited while we listed it.
                }
            }
        } catch (IOException e) {
            // The process exited.
        }
        return out;
    }

    /** Renices threads; false if the OS refused (threads that exited meanwhile do not count). */
    private boolean set(List<Integer> tids, int nice) {
        ThreadPriority.Outcome outcome = ThreadPriority.set(tids, nice);
        if (outcome == ThreadPriority.Outcome.FAILED) {
            LOG.warn("renice {} of {} threads failed (renice missing, failing or hung)", nice, tids.size());
        } else {
            changes.addAndGet(tids.size());
        }
        return outcome == ThreadPriority.Outcome.DONE;
    }

    /** Raises a throw-away thread's nice value by one and tries to lower it again. */
    private boolean probeRestore() {
        boolean[] result = new boolean[1];
        Thread t = new Thread(() -> {
            int tid = ThreadPriority.currentTid().orElse(-1);
            result[0] = tid > 0 && set(List.of(tid), Math.min(LOWEST, baseline + 1)) && set(List.of(tid), baseline);
        }, "scenario-priority-probe");
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return result[0];
    }
}
