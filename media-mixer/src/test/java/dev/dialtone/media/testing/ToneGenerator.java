package dev.dialtone.media.testing;

import dev.dialtone.core.AudioFrame;

/** A continuous sine tone cut into 20 ms frames at 8 kHz (phase carries across frames). */
public final class ToneGenerator {
    private final double step;
    private final double amplitude;
    private long n;

    public ToneGenerator(double frequency, double amplitude) {
        this.step = 2 * Math.PI * frequency / AudioFrame.SAMPLE_RATE;
        this.amplitude = amplitude;
    }

    public short[] nextFrame() {
        short[] f = new short[AudioFrame.SAMPLES];
        for (int i = 0; i < f.length; i++) {
            f[i] = (short) Math.round(amplitude * Math.sin(step * n++));
        }
        return f;
    }

    /** {@code millis} of tone at once. */
    public short[] next(int millis) {
        short[] out = new short[millis * 8];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) Math.round(amplitude * Math.sin(step * n++));
        }
        return out;
    }

    /** A whole tone at any sample rate (for building test files). */
    public static short[] tone(double frequency, double amplitude, int sampleRate, int samples) {
        short[] out = new short[samples];
        for (int i = 0; i < samples; i++) {
            out[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * frequency * i / sampleRate));
        }
        return out;
    }
}
