package dev.dialtone.media.internal.dtmf;

import dev.dialtone.core.AudioFrame;

/**
 * Produces in-band DTMF: the two tones of a key, each at {@value #AMPLITUDE} (about -7 dBm0 in
 * G.711), with a short ramp at both ends so the key does not click.
 */
public final class DtmfGenerator {
    public static final int AMPLITUDE = 9_000;
    private static final int RAMP = 16; // 2 ms

    private DtmfGenerator() {
    }

    /** {@code millis} of the key's tones at 8 kHz. */
    public static short[] tone(char digit, int millis) {
        int[] pos = DtmfTones.position(digit);
        if (pos == null) {
            throw new IllegalArgumentException("not a DTMF digit: " + digit);
        }
        int n = millis * AudioFrame.SAMPLE_RATE / 1000;
        short[] out = new short[n];
        double w1 = 2 * Math.PI * DtmfTones.ROWS[pos[0]] / AudioFrame.SAMPLE_RATE;
        double w2 = 2 * Math.PI * DtmfTones.COLUMNS[pos[1]] / AudioFrame.SAMPLE_RATE;
        for (int i = 0; i < n; i++) {
            double ramp = Math.min(1.0, Math.min(i, n - 1 - i) / (double) RAMP);
            out[i] = (short) Math.round(AMPLITUDE * ramp * (Math.sin(w1 * i) + Math.sin(w2 * i)));
        }
        return out;
    }
}
