package dev.dialtone.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class SerialExecutorTest {

    @Test
    void tasksRunInOrderAndNeverTwoAtOnceOnAPoolOfManyThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            SerialExecutor serial = new SerialExecutor(pool, e -> { });
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 1_000; i++) {
                int n = i;
                serial.execute(() -> {
                    if (inside.incrementAndGet() != 1) {
                        overlaps.incrementAndGet();
                    }
                    ran.add(n);
                    inside.decrementAndGet();
                });
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(overlaps).hasValue(0);
            assertThat(ran).hasSize(1_000).isSorted();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLongQueueHandsThePoolThreadBackEvery64Tasks() {
        List<Runnable> submitted = new ArrayList<>();
        SerialExecutor serial = new SerialExecutor(submitted::add, e -> { });
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 200; i++) {
            serial.execute(ran::incrementAndGet);
        }
        assertThat(submitted).hasSize(1);
        int drains = 0;
        while (drains < submitted.size()) {
            submitted.get(drains++).run();
        }
        assertThat(ran).hasValue(200);
        assertThat(drains).isEqualTo(4); // 64 + 64 + 64 + 8
    }

    @Test
    void aTaskThatThrowsIsReportedAndTheNextOneRuns() {
        List<Throwable> failed = new ArrayList<>();
        List<String> ran = new ArrayList<>();
        SerialExecutor serial = new SerialExecutor(Runnable::run, failed::add);
        serial.execute(() -> ran.add("a"));
        serial.execute(() -> {
            throw new IllegalStateException("boom");
        });
        serial.execute(() -> ran.add("c"));
        assertThat(ran).containsExactly("a", "c");
        assertThat(failed).singleElement().satisfies(t -> assertThat(t).hasMessage("boom"));
    }

    @Test
    void whenThePoolRefusesWorkTheQueuedTasksRunOnTheSubmittingThread() {
        SerialExecutor serial = new SerialExecutor(task -> {
            throw new RejectedExecutionException("shutting down");
        }, e -> { });
        List<String> ran = new ArrayList<>();
        serial.execute(() -> ran.add(Thread.currentThread().getName()));
        serial.execute(() -> ran.add("second"));
        assertThat(ran).containsExactly(Thread.currentThread().getName(), "second");
    }
}
