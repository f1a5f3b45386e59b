package dev.dialtone.media.internal.graph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MixingTest {
    @Test
    void leavesNormalLevelsUntouched() {
        for (int x = -Mixing.KNEE; x <= Mixing.KNEE; x += 97) {
            assertThat(Mixing.limit(x)).isEqualTo((short) x);
        }
    }

    @Test
    void compressesOverloadSmoothlyWithoutWrapping() {
        int previous = Mixing.limit(Mixing.KNEE);
        for (int x = Mixing.KNEE; x < 6 * 32_768; x += 13) {
            int y = Mixing.limit(x);
            assertThat(y).isBetween(previous, 32_767);
            assertThat(Mixing.limit(-x)).isEqualTo((short) -y);
            previous = y;
        }
        assertThat(Mixing.limit(Integer.MAX_VALUE / 2)).isPositive();
    }

    @Test
    void sumsInThirtyTwoBits() {
        int[] acc = new int[160];
        short[] loud = new short[160];
        java.util.Arrays.fill(loud, (short) 30_000);
        for (int i = 0; i < 5; i++) {
            Mixing.add(acc, loud);
        }
        short[] out = new short[160];
        Mixing.limit(acc, out);
        assertThat(out[0]).isGreaterThan((short) 30_000);
        Mixing.limitMinus(acc, loud, out);
        assertThat(out[0]).isPositive();
    }
}
