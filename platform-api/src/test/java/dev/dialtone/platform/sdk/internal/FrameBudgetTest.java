package dev.dialtone.platform.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameBudgetTest {
    @Test
    void allowsTheBurstThenTheSustainedRate() {
        FrameBudget b = new FrameBudget(10, 5, 0);
        for (int i = 0; i < 5; i++) {
            assertThat(b.take(0)).isTrue();
        }
        assertThat(b.take(0)).isFalse();
        assertThat(b.take(100_000_000)).isTrue();   // 100 ms at 10/s = one more frame
        assertThat(b.take(100_000_000)).isFalse();
        assertThat(b.take(10_000_000_000L)).isTrue(); // refills to the burst, not beyond
        for (int i = 0; i < 4; i++) {
            assertThat(b.take(10_000_000_000L)).isTrue();
        }
        assertThat(b.take(10_000_000_000L)).isFalse();
    }
}
