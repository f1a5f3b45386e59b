package dev.dialtone.media.internal.dtmf;

import java.time.Duration;
import java.util.function.BiConsumer;

import dev.dialtone.core.AudioFrame;

/**
 * In-band DTMF detection (Goertzel) on 8 kHz audio. Every 10 ms it examines the last 20 ms and
 * accepts a key only when: both tones are loud enough; the twist (level difference of the two
 * groups) is within 8 dB normal / 4 dB reverse; each tone beats the other tones of its group by 8 dB;
 * and the two tones carry most of the block's energy (speech spreads its energy, so this and the
 * next rule give talk-off resistance). A key must persist for 40 ms to count and ends after 20 ms
 * without it; each key is reported once, when it ends, with its duration.
 */
public final class DtmfDetector {
    private static final int WINDOW = 160;
    private static final int HOP = 80;
    private static final double MIN_TONE_POWER = 400.0 * 400.0 / 2;   // about -35 dBm0 per tone
    private static final double NORMAL_TWIST = Math.pow(10, 8 / 10.0);
    private static final double REVERSE_TWIST = Math.pow(10, 4 / 10.0);
    private static final double RELATIVE_PEAK = Math.pow(10, 8 / 10.0);
    private static final double MIN_TONE_SHARE = 0.70;
    private static final int HITS_TO_START = 3;   // windows at 10 ms steps: 40 ms of tone
    private static final int MISSES_TO_END = 2;

    private final Goertzel[] rows = new Goertzel[4];
    private final Goertzel[] columns = new Goertzel[4];
    private final short[] window = new short[WINDOW];
    private final BiConsumer<Character, Duration> onDigit;

    private char candidate;
    private int hits;
    private char active;
    private int activeWindows;
    private int misses;

    /** {@code onDigit} receives each key once, with its duration. */
    public DtmfDetector(BiConsumer<Character, Duration> onDigit) {
        this.onDigit = onDigit;
        for (int i = 0; i < 4; i++) {
            rows[i] = new Goertzel(DtmfTones.ROWS[i], AudioFrame.SAMPLE_RATE);
            columns[i] = new Goertzel(DtmfTones.COLUMNS[i], AudioFrame.SAMPLE_RATE);
        }
    }

    /** Feeds one 20 ms frame (160 samples). */
    public void process(short[] frame) {
        for (int half = 0; half < 2; half++) {
            System.arraycopy(window, HOP, window, 0, WINDOW - HOP);
            System.arraycopy(frame, half * HOP, window, WINDOW - HOP, HOP);
            step(classify(window));
        }
    }

    /** Reports a key still held (the stream ended mid-key). */
    public void flush() {
        if (active != 0) {
            report();
        }
        candidate = 0;
        hits = 0;
    }

    /** The key in one block, or 0. Package-private for tests. */
    char classify(short[] block) {
        double total = Goertzel.meanSquare(block, 0, WINDOW);
        if (total < 2 * MIN_TONE_POWER) {
            return 0;
        }
        double[] rp = new double[4];
        double[] cp = new double[4];
        int r = 0, c = 0;
        for (int i = 0; i < 4; i++) {
            rp[i] = rows[i].power(block, 0, WINDOW);
            cp[i] = columns[i].power(block, 0, WINDOW);
            if (rp[i] > rp[r]) {
                r = i;
            }
            if (cp[i] > cp[c]) {
                c = i;
            }
        }
        double row = rp[r], col = cp[c];
        if (row < MIN_TONE_POWER || col < MIN_TONE_POWER) {
            return 0;
        }
        if (row > col * NORMAL_TWIST || col > row * REVERSE_TWIST) {
            return 0;
        }
        for (int i = 0; i < 4; i++) {
            if (i != r && rp[i] * RELATIVE_PEAK > row) {
                return 0;
            }
            if (i != c && cp[i] * RELATIVE_PEAK > col) {
                return 0;
            }
        }
        if (row + col < MIN_TONE_SHARE * total) {
            return 0;
        }
        return DtmfTones.key(r, c);
    }

    private void step(char key) {
        if (active != 0) {
            if (key == active) {
                activeWindows++;
                misses = 0;
                return;
            }
            if (++misses >= MISSES_TO_END || key != 0) {
                report();
            } else {
                return;
            }
        }
        if (key != 0 && key == candidate) {
            if (++hits >= HITS_TO_START) {
                active = key;
                activeWindows = hits;
                misses = 0;
            }
        } else {
            candidate = key;
            hits = key == 0 ? 0 : 1;
        }
    }

    private void report() {
        char key = active;
        // Each window adds 10 ms; the first window spans 20 ms.
        Duration duration = Duration.ofMillis(10L * activeWindows + 10);
        active = 0;
        activeWindows = 0;
        misses = 0;
        candidate = 0;
        hits = 0;
        onDigit.accept(key, duration);
    }
}
