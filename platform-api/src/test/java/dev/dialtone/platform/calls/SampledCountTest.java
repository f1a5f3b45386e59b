package dev.dialtone.platform.calls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class SampledCountTest {
    @Test
    void takesTheCountFirstThenAtMostOncePerPeriod() {
        AtomicLong now = new AtomicLong(Long.MIN_VALUE + 5); // nanoTime may be any value, even near the minimum
        AtomicInteger source = new AtomicInteger(7);
        AtomicInteger taken = new AtomicInteger();
        SampledCount count = new SampledCount(() -> {
            taken.incrementAndGet();
            return source.get();
        }, 100, now::get);
        assertThat(count.get()).isEqualTo(7);
        source.set(9);
        now.addAndGet(50);
        assertThat(count.get()).as("within the period: the last value").isEqualTo(7);
        now.addAndGet(51);
        assertThat(count.get()).isEqualTo(9);
        assertThat(taken).hasValue(2);
    }
}
