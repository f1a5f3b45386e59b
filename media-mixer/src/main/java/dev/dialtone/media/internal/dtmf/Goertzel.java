package dev.dialtone.media.internal.dtmf;

/**
 * Power of one frequency in a block of samples (the Goertzel recurrence), normalised so that a
 * sinusoid of amplitude {@code A} filling the block reads {@code A²/2}: the same scale as the block's
 * mean square, which makes "how much of the energy is this tone" a plain ratio.
 */
public final class Goertzel {
    private final double coefficient;
    private final double cos;
    private final double sin;

    public Goertzel(double frequency, int sampleRate) {
        double w = 2 * Math.PI * frequency / sampleRate;
        this.coefficient = 2 * Math.cos(w);
        this.cos = Math.cos(w);
        this.sin = Math.sin(w);
    }

    /** Normalised power of the frequency over {@code samples[offset .. offset+count)}. */
    public double power(short[] samples, int offset, int count) {
        double s1 = 0, s2 = 0;
        for (int i = 0; i < count; i++) {
            double s0 = samples[offset + i] + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double re = s1 - s2 * cos;
        double im = s2 * sin;
        double magnitude2 = re * re + im * im;
        return 2 * magnitude2 / ((double) count * count);
    }

    /** Mean square of a block, on the scale of {@link #power}. */
    public static double meanSquare(short[] samples, int offset, int count) {
        double sum = 0;
        for (int i = 0; i < count; i++) {
            double v = samples[offset + i];
            sum += v * v;
        }
        return sum / count;
    }
}
