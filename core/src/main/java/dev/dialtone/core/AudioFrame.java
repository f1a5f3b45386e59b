package dev.dialtone.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * 20 ms of 8 kHz, 16-bit, mono linear PCM: exactly {@value #SAMPLES} samples. This is the one audio
 * format inside the platform; codecs convert at the edges.
 *
 * <p>A frame is treated as immutable once handed to another unit: whoever creates it fills the
 * array first and never writes to it afterwards. Receivers that need to change samples copy them.
 */
public final class AudioFrame {
    public static final int SAMPLE_RATE = 8_000;
    public static final int SAMPLES = 160;
    public static final int DURATION_MS = 20;

    private static final AudioFrame SILENCE = new AudioFrame(new short[SAMPLES]);

    private final short[] samples;

    private AudioFrame(short[] samples) {
        this.samples = samples;
    }

    /** Wraps {@code samples} without copying; the caller must not change the array afterwards. */
    public static AudioFrame wrap(short[] samples) {
        Objects.requireNonNull(samples, "samples");
        if (samples.length != SAMPLES) {
            throw new IllegalArgumentException("a frame holds " + SAMPLES + " samples, got " + samples.length);
        }
        return new AudioFrame(samples);
    }

    /** A frame of digital silence (shared instance). */
    public static AudioFrame silence() {
        return SILENCE;
    }

    public short sample(int index) {
        return samples[index];
    }

    /** Copies the samples into {@code target} starting at {@code offset}. */
    public void copyTo(short[] target, int offset) {
        System.arraycopy(samples, 0, target, offset, SAMPLES);
    }

    /** Adds the samples to a 32-bit accumulator (used by mixers; no clipping happens here). */
    public void addTo(int[] accumulator) {
        for (int i = 0; i < SAMPLES; i++) {
            accumulator[i] += samples[i];
        }
    }

    public short[] toArray() {
        return samples.clone();
    }

    public boolean isSilent() {
        if (this == SILENCE) {
            return true;
        }
        for (short s : samples) {
            if (s != 0) {
                return false;
            }
        }
        return true;
    }

    /** Mean energy of the frame, {@code sum(s^2)/n}, for level meters and silence skipping. */
    public double energy() {
        long sum = 0;
        for (short s : samples) {
            sum += (long) s * s;
        }
        return (double) sum / SAMPLES;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AudioFrame other && Arrays.equals(samples, other.samples);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(samples);
    }

    @Override
    public String toString() {
        return "AudioFrame[energy=" + Math.round(energy()) + "]";
    }
}
