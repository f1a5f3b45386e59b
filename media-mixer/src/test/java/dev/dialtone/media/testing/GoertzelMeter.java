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

    /**
     * The median RMS of {@code frequency} over the 100 ms blocks of {@code pcm} that are not silent
     * (whole-signal RMS above {@code activeRms}): robust against silence before and after a stream.
     */
    public static double activeMedian(short[] pcm, double frequency, double activeRms) {
        java.util.List<Double> values = new java.util.ArrayList<>();
        for (int pos = 0; pos + 800 <= pcm.length; pos += 800) {
            if (Math.sqrt(Goertzel.meanSquare(pcm, pos, 800)) > activeRms) {
                values.add(rms(pcm, pos, 800, frequency));
            }
        }
        if (values.isEmpty()) {
            return 0;
        }
        java.util.Collections.sort(values);
        return values.get(values.size() / 2);
    }

    /** The largest RMS of {@code frequency} in any 100 ms block. */
    public static double blockMax(short[] pcm, double frequency) {
        double max = 0;
        for (int pos = 0; pos + 800 <= pcm.length; pos += 800) {
            max = Math.max(max, rms(pcm, pos, 800, frequency));
        }
        return max;
    }

    /** RMS of the whole signal. */
    public static double rms(short[] pcm) {
        return pcm.length == 0 ? 0 : Math.sqrt(Goertzel.meanSquare(pcm, 0, pcm.length));
    }

    public static double db(double ratio) {
        return 20 * Math.log10(Math.max(ratio, 1e-9));
    }
}
