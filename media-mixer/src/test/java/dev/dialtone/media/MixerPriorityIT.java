package dev.dialtone.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dialtone.core.ThreadPriority;
import dev.dialtone.media.testing.LoopbackMediaEngine;

/**
 * The mixer threads run at their configured nice value, above the rest of the node (0 leaves them alone), and under
 * real-time scheduling when configured and permitted.
 */
class MixerPriorityIT {
    @TempDir
    Path dir;

    @Test
    void mixerThreadsRunAtTheirNiceValue() throws Exception {
        assumeTrue(ThreadPriority.available(), "Linux with renice");
        int node = ThreadPriority.niceOf(Path.of("/proc/self/stat"));
        int tid = ThreadPriority.currentTid().orElseThrow();
        // Lowering a nice value needs CAP_SYS_NICE: root in CI has it. Probe it on a throw-away thread.
        boolean privileged = probeLowering(node);
        try (LoopbackMediaEngine media = LoopbackMediaEngine.create(dir, b -> b.mixerNice(-7).mixerRealtimePriority(0))) {
            int expected = privileged ? -7 : node;
            assertThat(mixerNices(2, expected)).as("nice values of the two mixer threads").hasSize(2).containsOnly(expected);
        }
        try (LoopbackMediaEngine media = LoopbackMediaEngine.create(dir, b -> b.mixerNice(0))) {
            assertThat(mixerNices(2, node)).as("mixer-nice 0 leaves the threads at the node's value").hasSize(2).containsOnly(node);
        }
        assertThat(ThreadPriority.niceOfThread(ProcessHandle.current().pid(), tid)).as("the test thread").isEqualTo(node);
    }

    @Test
    void mixerThreadsRunUnderRealTimeSchedulingWhenAllowed() throws Exception {
        assumeTrue(ThreadPriority.available(), "Linux with renice and chrt");
        boolean privileged = probeRealtime();
        int expected = privileged ? ThreadPriority.SCHED_FIFO : 0;
        try (LoopbackMediaEngine media = LoopbackMediaEngine.create(dir, b -> b.mixerRealtimePriority(10))) {
            assertThat(mixerPolicies(2, expected)).as("scheduling policies of the two mixer threads").hasSize(2)
                    .containsOnly(expected);
        }
        try (LoopbackMediaEngine media = LoopbackMediaEngine.create(dir, b -> b.mixerRealtimePriority(0))) {
            assertThat(mixerPolicies(2, 0)).as("mixer-realtime-priority 0: normal scheduling").hasSize(2).containsOnly(0);
        }
    }

    private static boolean probeRealtime() throws InterruptedException {
        boolean[] ok = new boolean[1];
        Thread t = new Thread(() -> {
            int tid = ThreadPriority.currentTid().orElseThrow();
            ok[0] = ThreadPriority.setRealtime(tid, 1) == ThreadPriority.Outcome.DONE
                    && ThreadPriority.policyOfThread(ProcessHandle.current().pid(), tid) == ThreadPriority.SCHED_FIFO;
        });
        t.start();
        t.join();
        return ok[0];
    }

    /** The kernel thread ids of the live mixer threads. */
    private static List<Integer> mixerThreads() throws IOException {
        List<Integer> tids = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String name;
                try {
                    name = Files.readString(task.resolve("comm")).strip();
                } catch (IOException e) {
                    continue; // the thread exited while we listed it
                }
                if (name.startsWith("media-mixer-")) {
                    tids.add(Integer.parseInt(task.getFileName().toString()));
                }
            }
        }
        return tids;
    }

    private static boolean probeLowering(int node) throws InterruptedException {
        boolean[] ok = new boolean[1];
        Thread t = new Thread(() -> ok[0] = ThreadPriority.setForCurrentThread(node - 1).orElse(node) == node - 1);
        t.start();
        t.join();
        return ok[0];
    }

    private static List<Integer> mixerNices(int count, int expected) throws IOException, InterruptedException {
        long pid = ProcessHandle.current().pid();
        return mixerValues(count, expected, tid -> ThreadPriority.niceOfThread(pid, tid));
    }

    private static List<Integer> mixerPolicies(int count, int expected) throws IOException, InterruptedException {
        long pid = ProcessHandle.current().pid();
        return mixerValues(count, expected, tid -> {
            int policy = ThreadPriority.policyOfThread(pid, tid);
            return policy < 0 ? null : policy;
        });
    }

    /**
     * One value of each live mixer thread ({@code of} gives null for a thread that is gone), once there are
     * {@code count} all equal to {@code expected} (or after 5 s).
     */
    private static List<Integer> mixerValues(int count, int expected, IntFunction<Integer> of)
            throws IOException, InterruptedException {
        List<Integer> values = new ArrayList<>();
        for (int attempt = 0; attempt < 250; attempt++) {
            values.clear();
            for (int tid : mixerThreads()) {
                Integer v = of.apply(tid);
                if (v != null) {
                    values.add(v);
                }
            }
            if (values.size() == count && values.stream().allMatch(v -> v == expected)) {
                break;
            }
            Thread.sleep(20);
        }
        return values;
    }
}
