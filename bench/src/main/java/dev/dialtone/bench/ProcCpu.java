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
        Map<String, Long> ticks = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (name.test(Files.readString(task.resolve("comm")).strip())) {
                        ticks.put(task.getFileName().toString(), ticks(task.resolve("stat")));
                    }
                } catch (IOException gone) {
                    // the thread ended while we listed it
                }
            }
        }
        return ticks;
    }

    /**
     * CPU nanoseconds by thread id of every thread of {@code pid}, from each thread's {@code schedstat} (time on
     * a CPU, in ns): precise enough to measure a window of a few milliseconds, where clock ticks are 10 ms.
     * Compare two readings with {@link #nanosBetween}.
     */
    static Map<String, Long> threadNanos(long pid) throws IOException {
        Map<String, Long> nanos = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String s = Files.readString(task.resolve("schedstat"));
                    nanos.put(task.getFileName().toString(), Long.parseLong(s.substring(0, s.indexOf(' '))));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while we listed it
                }
            }
        }
        return nanos;
    }

    /** CPU nanoseconds between two {@link #threadNanos} readings (a thread that ended since loses its last slice). */
    static long nanosBetween(Map<String, Long> before, Map<String, Long> after) {
        long nanos = 0;
        for (var e : after.entrySet()) {
            nanos += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return nanos;
    }

    /** CPU seconds between two {@link #threadTicks} readings (a thread that ended since loses its last slice). */
    static double secondsBetween(Map<String, Long> before, Map<String, Long> after) {
        long ticks = 0;
        for (var e : after.entrySet()) {
            ticks += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return ticks / TICKS_PER_SECOND;
    }
}
