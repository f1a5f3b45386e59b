package dev.dialtone.media.internal.graph;

import dev.dialtone.core.AudioFrame;

/**
 * Summing and limiting. Sums are 32-bit, so any number of sources adds up without wrapping; the
 * result passes through a soft-knee limiter: unchanged up to {@value #KNEE}, then compressed
 * smoothly towards (never beyond) full scale, so loud overlaps distort gently instead of clipping.
 */
final class Mixing {
    static final int KNEE = 24_576;
    private static final int HEADROOM = 32_767 - KNEE;

    private Mixing() {
    }

    static void add(int[] acc, short[] frame) {
        for (int i = 0; i < AudioFrame.SAMPLES; i++) {
            acc[i] += frame[i];
        }
    }

    static void limit(int[] acc, short[] out) {
        for (int i = 0; i < AudioFrame.SAMPLES; i++) {
            out[i] = limit(acc[i]);
        }
    }

    /** {@code out = limit(acc - minus)}. */
    static void limitMinus(int[] acc, short[] minus, short[] out) {
        for (int i = 0; i < AudioFrame.SAMPLES; i++) {
            out[i] = limit(acc[i] - minus[i]);
        }
    }

    static short limit(int x) {
        if (x <= KNEE && x >= -KNEE) {
            return (short) x;
        }
        int magnitude = Math.abs(x) - KNEE;
        // y = knee + h * m / (m + h): slope 1 at the knee, approaches full scale asymptotically.
        int y = KNEE + (int) ((long) HEADROOM * magnitude / (magnitude + HEADROOM));
        return (short) (x < 0 ? -y : y);
    }
}
