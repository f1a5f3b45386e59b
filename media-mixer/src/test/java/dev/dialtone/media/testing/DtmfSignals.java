package dev.dialtone.media.testing;

import java.util.Random;

import dev.dialtone.media.internal.dtmf.DtmfGenerator;

/** In-band DTMF sequences as 8 kHz audio: digits with pauses, optional background noise. */
public final class DtmfSignals {
    private DtmfSignals() {
    }

    /** {@code digits}, each {@code toneMs} long, separated by {@code pauseMs} of silence (plus noise). */
    public static short[] sequence(String digits, int toneMs, int pauseMs, double noiseRms, long seed) {
        int per = (toneMs + pauseMs) * 8;
        short[] out = new short[per * digits.length() + pauseMs * 8];
        int pos = pauseMs * 8;
        for (char d : digits.toCharArray()) {
            short[] t = DtmfGenerator.tone(d, toneMs);
            System.arraycopy(t, 0, out, pos, t.length);
            pos += per;
        }
        if (noiseRms > 0) {
            Random r = new Random(seed);
            for (int i = 0; i < out.length; i++) {
                out[i] = (short) Math.max(-32_768, Math.min(32_767, out[i] + Math.round(r.nextGaussian() * noiseRms)));
            }
        }
        return out;
    }
}
