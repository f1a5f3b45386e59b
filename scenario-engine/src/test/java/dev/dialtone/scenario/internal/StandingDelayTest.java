package dev.dialtone.scenario.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class StandingDelayTest {
    private static final long MS = 1_000_000L;
    final AtomicLong now = new AtomicLong(1_000 * MS);
    final StandingDelay delay = new StandingDelay(Duration.ofMillis(250), 5, now::get);

    private void window(long... roundTripsMs) {
        for (long ms : roundTripsMs) {
            delay.record(ms * MS);
            now.addAndGet(250 * MS / roundTripsMs.length);
        }
    }

    @Test
    void aWindowInWhichEveryCallbackWaitedReportsTheShortestWait() {
        window(900, 700, 650, 800, 1200);
        delay.record(500 * MS); // the first of the next window closes this one
        assertThat(delay.nanos()).isEqualTo(650 * MS);
    }

    @Test
    void oneQuickCallbackMeansNoStandingQueue() {
        window(900, 700, 3, 800, 1200);
        delay.record(500 * MS);
        assertThat(delay.nanos()).isEqualTo(3 * MS);
    }

    @Test
    void aQuietWindowSaysNothing() {
        window(900, 700, 650, 800); // four callbacks: fewer than five
        delay.record(500 * MS);
        assertThat(delay.nanos()).isZero();
    }

    @Test
    void theReadingGoesStaleWhenCallbacksStop() {
        window(900, 700, 650, 800, 1200);
        delay.record(500 * MS);
        now.addAndGet(400 * MS);
        assertThat(delay.nanos()).as("400 ms later").isEqualTo(650 * MS);
        now.addAndGet(200 * MS);
        assertThat(delay.nanos()).as("over two windows later").isZero();
    }

    @Test
    void aWindowFollowedByALongSilenceDoesNotCount() {
        window(900, 700, 650, 800, 1200);
        now.addAndGet(2_000 * MS);
        delay.record(500 * MS);
        assertThat(delay.nanos()).isZero();
    }
}
