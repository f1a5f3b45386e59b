package dev.dialtone.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dialtone.core.ThreadPriority;
import dev.dialtone.media.testing.LoopbackMediaEngine;

/** The mixer threads run at their configured nice value, above the rest of the node; 0 leaves them alone. */
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
        try (LoopbackMediaEngine media = LoopbackMediaEngine.create(dir, b -> b.mixerNice(-7))) {
            int expected = privileged ? -7 : node;
            assertThat(mixerNices(2, expected)).as("nice values of the two mixer threads").hasSize(2).containsOnly(expected);
        }
        try (LoopbackMediaEngine media = LoopbackMediaEngine.create(dir, b -> b.mixerNice(0))) {
            assertThat(mixerNices(2, node)).as("mixer-nice 0 leaves the threads at the node's value").hasSize(2).containsOnly(node);
        }
        assertThat(ThreadPriority.niceOfThread(ProcessHandle.current().pid(), tid)).as("the test thread").isEqualTo(node);
    }

    private static boolean probeLowering(int node) throws InterruptedException {
        boolean[] ok = new boolean[1];
        Thread t = new Thread(() -> ok[0] = ThreadPriority.setForCurrentThread(node - 1).orElse(node) == node - 1);
        t.start();
        t.join();
        return ok[0];
    }

    /** The nice values of the live mixer threads, once there are {@code count} all at {@code expected} (or after 5 s). */
    private static List<Integer> mixerNices(int count, int expected) throws IOException, InterruptedException {
        long pid = ProcessHandle.current().pid();
        List<Integer> nices = new ArrayList<>();
        for (int attempt = 0; attempt < 250; attempt++) {
            nices.clear();
            try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    String name;
                    try {
                        name = Files.readString(task.resolve("comm")).strip();
                    } catch (IOException e) {
                        continue; // the thread exited while we listed it (renice's process reapers come and go)
                    }
                    if (name.startsWith("media-mixer-")) {
                        Integer nice = ThreadPriority.niceOfThread(pid, Integer.parseInt(task.getFileName().toString()));
                        if (nice != null) {
                            nices.add(nice);
                        }
                    }
                }
            }
            if (nices.size() == count && nices.stream().allMatch(n -> n == expected)) {
                break;
            }
            Thread.sleep(20);
        }
        return nices;
    }
}
