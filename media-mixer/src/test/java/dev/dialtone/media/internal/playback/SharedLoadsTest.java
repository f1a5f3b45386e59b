package dev.dialtone.media.internal.playback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SharedLoadsTest {
    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void callersAskingWhileALoadRunsShareItAndLaterOnesGetTheCachedAudio() throws Exception {
        SharedLoads<String> loads = new SharedLoads<>(new AudioCache<>(1 << 20), executor, "refused");
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        SharedLoads.Loader<String> slow = key -> {
            runs.incrementAndGet();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            return new short[] {1, 2, 3};
        };

        CompletableFuture<short[]> first = loads.get("a", slow);
        CompletableFuture<short[]> second = loads.get("a", slow);
        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).containsExactly(1, 2, 3);
        assertThat(second).isSameAs(first);
        CompletableFuture<short[]> later = loads.get("a", slow);
        assertThat(later).isCompleted();
        assertThat(later.get()).containsExactly(1, 2, 3);
        assertThat(runs).hasValue(1);
    }

    @Test
    void aFailedLoadIsNotKeptAndTheNextCallerTriesAgain() throws Exception {
        SharedLoads<String> loads = new SharedLoads<>(new AudioCache<>(1 << 20), executor, "refused");
        AtomicInteger runs = new AtomicInteger();
        SharedLoads.Loader<String> flaky = key -> {
            if (runs.incrementAndGet() == 1) {
                throw new IOException("HTTP 503 fetching " + key);
            }
            return new short[] {7};
        };

        assertThatThrownBy(() -> loads.get("b", flaky).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasMessageContaining("HTTP 503");
        assertThat(loads.get("b", flaky).get(10, TimeUnit.SECONDS)).containsExactly(7);
        assertThat(runs).hasValue(2);
    }

    @Test
    void anExecutorThatTakesNoMoreWorkFailsTheLoadWithTheGivenMessage() {
        executor.shutdown();
        SharedLoads<String> loads = new SharedLoads<>(new AudioCache<>(1 << 20), executor, "media engine is shutting down");

        assertThatThrownBy(() -> loads.get("c", key -> new short[0]).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IOException.class).hasMessageContaining("media engine is shutting down");
    }
}
