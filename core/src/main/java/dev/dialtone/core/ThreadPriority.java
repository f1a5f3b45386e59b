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
 * OS scheduling priority (nice value) of single threads, Linux only: a thread is named by its kernel
 * thread id, changed with {@code renice N -p tid...} and read back from {@code /proc/<pid>/task/<tid>/stat}.
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
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            String errors = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Outcome.FAILED;
            }
            return p.exitValue() != 0 && errors.contains("ermission denied") ? Outcome.REFUSED : Outcome.DONE;
        } catch (IOException e) {
            return Outcome.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.FAILED;
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
