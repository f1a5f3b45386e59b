package dev.dialtone.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * OS scheduling priority (nice value, or real-time scheduling) of single threads, Linux only: a thread is named
 * by its kernel thread id, changed with {@code renice N -p tid...} (or {@code chrt}) and read back from
 * {@code /proc/<pid>/task/<tid>/stat}.
 * Lowering a nice value below the process's needs {@code CAP_SYS_NICE} (or a raised {@code RLIMIT_NICE});
 * without it {@link #set} answers {@link Outcome#REFUSED}. Elsewhere {@link #available()} is false and
 * nothing is changed.
 */
public final class ThreadPriority {
    /** What {@link #set} did. */
    public enum Outcome {
        /** Every thread that still exists has the new value. */
        DONE,
        /** The OS refused (no permission to lower a nice value). */
        REFUSED,
        /** renice is missing, failed or hung. */
        FAILED
    }

    private static final Optional<Path> RENICE = Stream.of("/usr/bin/renice", "/bin/renice").map(Path::of)
            .filter(Files::isExecutable).findFirst()
            .filter(p -> Files.isDirectory(Path.of("/proc/self/task")));

    private static final Optional<Path> CHRT = Stream.of("/usr/bin/chrt", "/bin/chrt").map(Path::of)
            .filter(Files::isExecutable).findFirst()
            .filter(p -> Files.isDirectory(Path.of("/proc/self/task")));

    /** Linux's {@code SCHED_FIFO} policy number, as {@code /proc/.../stat} shows it. */
    public static final int SCHED_FIFO = 1;

    private ThreadPriority() {
    }

    /** True where thread priorities can be read and changed (Linux with {@code renice}). */
    public static boolean available() {
        return RENICE.isPresent();
    }

    /** The calling thread's kernel thread id. */
    public static OptionalInt currentTid() {
        try {
            return OptionalInt.of(Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString()));
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    /** Sets the nice value of threads (of any process); threads that exited meanwhile do not count. */
    public static Outcome set(Collection<Integer> tids, int nice) {
        if (tids.isEmpty()) {
            return Outcome.DONE;
        }
        if (RENICE.isEmpty()) {
            return Outcome.FAILED;
        }
        List<String> cmd = new ArrayList<>(List.of(RENICE.get().toString(), String.valueOf(nice), "-p"));
        for (int tid : tids) {
            cmd.add(String.valueOf(tid));
        }
        return run(cmd);
    }

    /**
     * Puts one thread under real-time scheduling ({@code SCHED_FIFO} at {@code priority} 1..99, with
     * {@code chrt}): it then runs before every normally scheduled thread of the machine whenever it is
     * runnable, so its owner must keep it from running long (the kernel's real-time throttling, 95 % of
     * each second by default, is the last safety net). Needs {@code CAP_SYS_NICE} or an {@code RLIMIT_RTPRIO}.
     */
    public static Outcome setRealtime(int tid, int priority) {
        if (priority < 1 || priority > 99) {
            throw new IllegalArgumentException("real-time priority must be 1..99: " + priority);
        }
        return chrt(List.of("-f", "-p", String.valueOf(priority), String.valueOf(tid)));
    }

    /** Puts one thread back under normal scheduling ({@code SCHED_OTHER}); its nice value is kept. */
    public static Outcome setNormal(int tid) {
        return chrt(List.of("-o", "-p", "0", String.valueOf(tid)));
    }

    private static Outcome chrt(List<String> args) {
        if (CHRT.isEmpty()) {
            return Outcome.FAILED;
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(CHRT.get().toString());
        cmd.addAll(args);
        return run(cmd);
    }

    private static Outcome run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            String errors = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Outcome.FAILED;
            }
            // Any other failure is a thread that exited meanwhile: it does not count.
            return p.exitValue() != 0 && errors.contains("ermission denied") ? Outcome.REFUSED : Outcome.DONE;
        } catch (IOException e) {
            return Outcome.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.FAILED;
        }
    }

    /** The scheduling policy of one thread ({@link #SCHED_FIFO}, 0 for normal), or -1 if it is gone or unknown. */
    public static int policyOfThread(long pid, int tid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/task/" + tid + "/stat"));
            String[] fields = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[38]); // field 41 of stat(5): policy
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Sets the calling thread's nice value, and reads it back: the value it runs at now, if known. */
    public static OptionalInt setForCurrentThread(int nice) {
        OptionalInt tid = currentTid();
        if (tid.isEmpty() || set(List.of(tid.getAsInt()), nice) != Outcome.DONE) {
            return OptionalInt.empty();
        }
        Integer now = niceOfThread(ProcessHandle.current().pid(), tid.getAsInt());
        return now == null ? OptionalInt.empty() : OptionalInt.of(now);
    }

    /** The nice value of one thread, or null if it is gone (or this is not Linux). */
    public static Integer niceOfThread(long pid, int tid) {
        try {
            return niceOf(Path.of("/proc/" + pid + "/task/" + tid + "/stat"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The nice value in a {@code /proc/.../stat} file. */
    public static int niceOf(Path stat) throws IOException {
        String s = Files.readString(stat);
        String[] fields = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[16]);
    }
}
