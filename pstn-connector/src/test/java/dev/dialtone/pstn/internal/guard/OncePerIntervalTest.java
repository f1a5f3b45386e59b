package dev.dialtone.pstn.internal.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class OncePerIntervalTest {
    final AtomicLong now = new AtomicLong();
    final OncePerInterval<String> once = new OncePerInterval<>(Duration.ofMinutes(1), 2, now::get);

    @Test
    void reportsOncePerKeyPerIntervalWithTheCountSuppressed() {
        assertThat(once.tryReport("a")).isZero();
        assertThat(once.tryReport("a")).isNegative();
        assertThat(once.tryReport("a")).isNegative();
        assertThat(once.tryReport("b")).isZero();
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        assertThat(once.tryReport("a")).isEqualTo(2);
    }

    @Test
    void manySourcesCannotFloodTheLog() {
        assertThat(once.tryReport("a")).isZero();
        assertThat(once.tryReport("b")).isZero();
        assertThat(once.tryReport("c")).as("table full").isNegative();
        assertThat(once.tryReport("d")).isNegative();
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        assertThat(once.tryReport("c")).as("expired keys swept; overflow count reported").isEqualTo(2);
    }
}
