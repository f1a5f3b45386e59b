package dev.dialtone.media.testing;

import dev.dialtone.media.internal.dtmf.Goertzel;

/**
 * Measures how much of one frequency a stretch of 8 kHz audio holds: {@link #rms} is the amplitude
 * of that component divided by √2, comparable with the RMS of the whole signal.
 */
public final class GoertzelMeter {
    private GoertzelMeter() {
    }

    /** RMS of the {@code frequency} component over {@code pcm[from, from+count)}. */
    public static double rms(short[] pcm, int from, int count, double frequency) {
        if (count <= 0) {
            return 0;
        }
        return Math.sqrt(new Goertzel(frequency, 8_000).power(pcm, from, count));
    }

    public static double rms(short[] pcm, double frequency) {
        return rms(pcm, 0, pcm.length, frequency);
    }

    /** RMS of the whole signal. */
    public static double rms(short[] pcm) {
        return pcm.length == 0 ? 0 : Math.sqrt(Goertzel.meanSquare(pcm, 0, pcm.length));
    }

    public static double db(double ratio) {
        return 20 * Math.log10(Math.max(ratio, 1e-9));
    }
}
