package dev.dialtone.bench;

/**
 * What a simulated participant heard, frame by frame (20 ms of 8 kHz PCM): its level and, by the
 * Goertzel algorithm, the share of its energy at a few tone frequencies. The benchmark's tones sit on
 * multiples of 50 Hz, so each falls exactly on a bin of a 160-sample frame.
 */
final class ToneMeter {
    /** Below this RMS (of 16-bit samples) a frame counts as silence. */
    static final double SILENCE_RMS = 150;
    /** A tone counts as present when this share of the frame's energy sits at its frequency. */
    static final double PRESENT_SHARE = 0.08;

    private ToneMeter() {
    }

    static double rms(short[] pcm, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += (double) pcm[i] * pcm[i];
        }
        return n == 0 ? 0 : Math.sqrt(sum / n);
    }

    /** The share (0..1) of the frame's energy at {@code hz}. */
    static double share(short[] pcm, int n, double hz) {
        double coeff = 2 * Math.cos(2 * Math.PI * hz / 8_000);
        double s1 = 0;
        double s2 = 0;
        double energy = 0;
        for (int i = 0; i < n; i++) {
            double s = pcm[i] + coeff * s1 - s2;
            s2 = s1;
            s1 = s;
            energy += (double) pcm[i] * pcm[i];
        }
        double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        return energy <= 0 ? 0 : Math.min(1, power / (energy * n / 2));
    }

    /** Whether any of {@code tones} is present in an audible frame. */
    static boolean anyPresent(short[] pcm, int n, double[] tones) {
        if (rms(pcm, n) < SILENCE_RMS) {
            return false;
        }
        for (double hz : tones) {
            if (share(pcm, n, hz) >= PRESENT_SHARE) {
                return true;
            }
        }
        return false;
    }

    /** 20 ms frames of a tone at 8 kHz, {@code frames} of them (whole periods per second for 50 Hz multiples). */
    static short[] tone(double hz, int frames, int amplitude) {
        short[] pcm = new short[frames * 160];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / 8_000));
        }
        return pcm;
    }
}
