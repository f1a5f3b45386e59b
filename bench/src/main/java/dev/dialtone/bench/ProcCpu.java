package dev.dialtone.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * CPU time of processes and of their threads from {@code /proc}, in clock ticks (10 ms). Unlike
 * {@code ThreadMXBean.getThreadInfo}, reading it stops nothing: that call is a JVM safepoint, and in the videoconf
 * bench one taken at the start of a window held both mixer threads for 74 ms inside the measured window.
 */
final class ProcCpu {
    static final double TICKS_PER_SECOND = 100.0;

    private ProcCpu() {
    }

    /** User + system CPU in clock ticks from a /proc {@code stat} file (of a process or one of its threads). */
    static long ticks(Path stat) throws IOException {
        String s = Files.readString(stat);
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** CPU seconds of a whole process. */
    static double processSeconds(long pid) throws IOException {
        return ticks(Path.of("/proc/" + pid + "/stat")) / TICKS_PER_SECOND;
    }

    /**
     * CPU ticks by thread id of the threads of {@code pid} whose kernel name (15 characters at most) matches.
     * Threads come and go, so two readings are compared thread by thread ({@link #secondsBetween}).
     */
    static Map<String, Long> threadTicks(long pid, Predicate<String> name) throws IOException {
        return perThread(pid, task -> name.test(Files.readString(task.resolve("comm")).strip())
                ? ticks(task.resolve("stat")) : null);
    }

    /**
     * CPU ticks by thread id of the JIT compiler threads of {@code pid}: HotSpot's (C1, C2; in a sandbox worker they
     * also compile the Graal compiler, which is Java code there) and Truffle's (compiling scripts). HotSpot starts
     * and stops compiler threads as needed, so readings compare thread by thread ({@link #secondsBetween}).
     */
    static Map<String, Long> compilerTicks(long pid) throws IOException {
        return threadTicks(pid, name -> name.startsWith("TruffleCompiler") || name.startsWith("C1 CompilerThre")
                || name.startsWith("C2 CompilerThre"));
    }

    /**
     * CPU nanoseconds by thread id of every thread of {@code pid}, from each thread's {@code schedstat} (time on
     * a CPU, in ns): precise enough to measure a window of a few milliseconds, where clock ticks are 10 ms.
     * Compare two readings with {@link #nanosBetween}.
     */
    static Map<String, Long> threadNanos(long pid) throws IOException {
        return perThread(pid, task -> {
            String s = Files.readString(task.resolve("schedstat"));
            return Long.parseLong(s.substring(0, s.indexOf(' ')));
        });
    }

    /** CPU nanoseconds between two {@link #threadNanos} readings (a thread that ended since loses its last slice). */
    static long nanosBetween(Map<String, Long> before, Map<String, Long> after) {
        return increase(before, after);
    }

    /** CPU seconds between two {@link #threadTicks} readings (a thread that ended since loses its last slice). */
    static double secondsBetween(Map<String, Long> before, Map<String, Long> after) {
        return increase(before, after) / TICKS_PER_SECOND;
    }

    /** Reads one value of a thread from its {@code /proc} task folder; null leaves the thread out. */
    private interface TaskReader {
        Long read(Path task) throws IOException;
    }

    private static Map<String, Long> perThread(long pid, TaskReader reader) throws IOException {
        Map<String, Long> values = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    Long v = reader.read(task);
                    if (v != null) {
                        values.put(task.getFileName().toString(), v);
                    }
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while we listed it
                }
            }
        }
        return values;
    }

    /** The sum over the threads of {@code after} of how much each grew since {@code before} (new threads from 0). */
    private static long increase(Map<String, Long> before, Map<String, Long> after) {
        long sum = 0;
        for (var e : after.entrySet()) {
            sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return sum;
    }
}
