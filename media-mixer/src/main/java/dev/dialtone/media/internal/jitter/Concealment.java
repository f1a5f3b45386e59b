package dev.dialtone.media.internal.jitter;

/**
 * Packet-loss concealment for codecs without their own: keeps the last 40 ms played, and for a lost
 * stretch repeats the last pitch period found by autocorrelation (so voiced speech and tones
 * continue smoothly, in the spirit of G.711 Appendix I), fading to silence over 60 ms.
 */
final class Concealment {
    private static final int HISTORY = 320;
    private static final int MIN_LAG = 32;   // 4 ms (250 Hz)
    private static final int MAX_LAG = 160;  // 20 ms
    private static final int FULL_LEVEL_SAMPLES = 160;
    private static final int FADE_SAMPLES = 320;

    private final short[] history = new short[HISTORY];
    private int lag;
    private int cursor;
    private int concealedRun;

    /** Remembers samples that were really played. */
    void played(short[] pcm, int offset, int count) {
        if (count >= HISTORY) {
            System.arraycopy(pcm, offset + count - HISTORY, history, 0, HISTORY);
        } else {
            System.arraycopy(history, count, history, 0, HISTORY - count);
            System.arraycopy(pcm, offset, history, HISTORY - count, count);
        }
        concealedRun = 0;
        lag = 0;
    }

    /** Fills {@code count} samples of a missing stretch. */
    void conceal(short[] out, int offset, int count) {
        if (lag == 0) {
            lag = findPitchLag();
            cursor = 0;
        }
        for (int i = 0; i < count; i++) {
            int run = concealedRun + i;
            double gain;
            if (run < FULL_LEVEL_SAMPLES) {
                gain = 1.0;
            } else if (run < FULL_LEVEL_SAMPLES + FADE_SAMPLES) {
                gain = 1.0 - (double) (run - FULL_LEVEL_SAMPLES) / FADE_SAMPLES;
            } else {
                gain = 0;
            }
            short s = history[HISTORY - lag + cursor];
            cursor = (cursor + 1) % lag;
            out[offset + i] = (short) Math.round(s * gain);
        }
        concealedRun += count;
    }

    boolean exhausted() {
        return concealedRun >= FULL_LEVEL_SAMPLES + FADE_SAMPLES;
    }

    private int findPitchLag() {
        int best = MAX_LAG;
        double bestScore = -1;
        int window = 160;
        for (int l = MIN_LAG; l <= MAX_LAG; l++) {
            double num = 0, e1 = 0, e2 = 0;
            for (int i = HISTORY - window; i < HISTORY; i++) {
                double a = history[i], b = history[i - l];
                num += a * b;
                e1 += a * a;
                e2 += b * b;
            }
            if (e1 == 0 || e2 == 0) {
                continue;
            }
            double score = num / Math.sqrt(e1 * e2);
            if (score > bestScore + 1e-9) {
                bestScore = score;
                best = l;
            }
        }
        // A longer lag that is an exact multiple of the pitch keeps the waveform continuous; prefer
        // the multiple of the best lag closest to 20 ms so repetition is smooth for tones.
        int multiple = best;
        while (multiple + best <= MAX_LAG) {
            multiple += best;
        }
        return multiple;
    }
}
