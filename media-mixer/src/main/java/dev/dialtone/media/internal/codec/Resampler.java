package dev.dialtone.media.internal.codec;

/**
 * Rational sample-rate conversion with a Kaiser-windowed sinc low-pass (polyphase): the cut-off sits
 * below the lower of the two Nyquist frequencies, so downsampling (22.05 kHz TTS, 44.1/48 kHz files
 * and Opus, to 8 kHz) removes what would otherwise fold back as aliasing, and upsampling removes
 * images. Streaming: {@link #process} keeps the tail of the input between calls. One thread at a time.
 */
public final class Resampler {
    private static final double KAISER_BETA = 8.6; // about 85 dB stop-band attenuation
    private static final int ZERO_CROSSINGS = 24;   // half-length of the filter in units of the lower rate's period

    private final int up;     // L
    private final int down;   // M
    private final int taps;   // per phase
    private final float[][] phases;
    private long outputIndex;    // index of the next output sample
    private float[] buffer;
    private int buffered;        // samples of history + pending input in buffer
    private long bufferStart;    // absolute input index of buffer[0]

    public Resampler(int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("rates must be positive: " + fromRate + " -> " + toRate);
        }
        int g = gcd(fromRate, toRate);
        up = toRate / g;
        down = fromRate / g;
        // Cut-off relative to the input rate, a little under the lower Nyquist frequency.
        double cutoff = 0.5 * Math.min(1.0, (double) up / down) * 0.92;
        int halfLength = (int) Math.ceil(ZERO_CROSSINGS * Math.max(1.0, (double) down / up));
        taps = 2 * halfLength;
        phases = new float[up][taps];
        double i0Beta = besselI0(KAISER_BETA);
        for (int p = 0; p < up; p++) {
            double frac = (double) p / up;
            double sum = 0;
            for (int k = 0; k < taps; k++) {
                double t = (k - halfLength + 1) - frac; // distance from the output instant, in input samples
                double x = t / halfLength;
                double window = Math.abs(x) >= 1 ? 0 : besselI0(KAISER_BETA * Math.sqrt(1 - x * x)) / i0Beta;
                double sinc = t == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * t) / (Math.PI * t);
                double h = sinc * window;
                phases[p][k] = (float) h;
                sum += h;
            }
            for (int k = 0; k < taps; k++) {
                phases[p][k] /= (float) sum; // unity gain at DC for every phase
            }
        }
        // Zeros before the first input sample, so output 0 is centred on input 0 (no added delay).
        buffer = new float[taps];
        buffered = halfLength - 1;
        bufferStart = -(halfLength - 1);
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static double besselI0(double x) {
        double sum = 1, term = 1, q = x * x / 4;
        for (int k = 1; k < 50; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < 1e-12 * sum) {
                break;
            }
        }
        return sum;
    }

    /** Converts a whole signal at once (pads the end so the last input samples come out). */
    public static short[] convert(short[] input, int fromRate, int toRate) {
        if (fromRate == toRate) {
            return input.clone();
        }
        Resampler r = new Resampler(fromRate, toRate);
        short[] main = r.process(input, 0, input.length);
        short[] tail = r.process(new short[r.taps], 0, r.taps);
        long expected = (long) input.length * r.up / r.down;
        int n = (int) Math.min(expected, main.length + tail.length);
        short[] out = new short[n];
        int fromMain = Math.min(n, main.length);
        System.arraycopy(main, 0, out, 0, fromMain);
        System.arraycopy(tail, 0, out, fromMain, n - fromMain);
        return out;
    }

    /** Feeds {@code count} input samples; returns the output samples that became computable. */
    public short[] process(short[] in, int offset, int count) {
        ensureCapacity(buffered + count);
        for (int i = 0; i < count; i++) {
            buffer[buffered + i] = in[offset + i];
        }
        buffered += count;
        int halfLength = taps / 2;
        short[] out = new short[(int) ((long) (count + taps) * up / down) + 2];
        int produced = 0;
        while (true) {
            // The output sample n sits at input time n*M/L; its filter needs inputs up to centre + halfLength.
            long num = outputIndex * down;
            long centre = num / up;
            int phase = (int) (num % up);
            long lastNeeded = centre + halfLength;
            if (lastNeeded >= bufferStart + buffered) {
                break;
            }
            int start = (int) (centre - halfLength + 1 - bufferStart);
            if (start < 0) {
                outputIndex++;
                continue;
            }
            float[] h = phases[phase];
            double acc = 0;
            for (int k = 0; k < taps; k++) {
                acc += h[k] * buffer[start + k];
            }
            long v = Math.round(acc);
            out[produced++] = (short) Math.max(-32_768, Math.min(32_767, v));
            outputIndex++;
            if (produced == out.length) {
                short[] bigger = new short[out.length * 2];
                System.arraycopy(out, 0, bigger, 0, produced);
                out = bigger;
            }
        }
        // Drop input no longer needed.
        long firstNeeded = (outputIndex * down) / up - halfLength + 1;
        int drop = (int) Math.max(0, Math.min(buffered, firstNeeded - bufferStart));
        if (drop > 0) {
            System.arraycopy(buffer, drop, buffer, 0, buffered - drop);
            buffered -= drop;
            bufferStart += drop;
        }
        short[] result = new short[produced];
        System.arraycopy(out, 0, result, 0, produced);
        return result;
    }

    private void ensureCapacity(int n) {
        if (buffer.length < n) {
            float[] bigger = new float[Math.max(n, buffer.length * 2)];
            System.arraycopy(buffer, 0, bigger, 0, buffered);
            buffer = bigger;
        }
    }

    int tapsPerPhase() {
        return taps;
    }
}
