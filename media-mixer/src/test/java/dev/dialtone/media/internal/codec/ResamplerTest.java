package dev.dialtone.media.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

import dev.dialtone.media.testing.GoertzelMeter;
import dev.dialtone.media.testing.ToneGenerator;

class ResamplerTest {
    @Test
    void passesSpeechBandAtUnityGain() {
        short[] in = ToneGenerator.tone(1_000, 10_000, 22_050, 22_050);
        short[] out = Resampler.convert(in, 22_050, 8_000);
        assertThat(out.length).isEqualTo(8_000);
        double rms = GoertzelMeter.rms(out, 800, 6_400, 1_000);
        assertThat(rms).isCloseTo(10_000 / Math.sqrt(2), Percentage.withPercentage(2));
    }

    @Test
    void removesWhatWouldAliasWhenDownsampling() {
        // 6 kHz at 22.05 kHz would fold to 2 kHz at 8 kHz without a low-pass filter.
        short[] in = ToneGenerator.tone(6_000, 16_000, 22_050, 22_050);
        short[] out = Resampler.convert(in, 22_050, 8_000);
        double folded = GoertzelMeter.rms(out, 800, 6_400, 2_000);
        double whole = GoertzelMeter.rms(java.util.Arrays.copyOfRange(out, 800, 7_200));
        assertThat(GoertzelMeter.db(folded / (16_000 / Math.sqrt(2)))).isLessThan(-60);
        assertThat(GoertzelMeter.db(whole / (16_000 / Math.sqrt(2)))).isLessThan(-55);
    }

    @Test
    void removesAliasesFrom48kHz() {
        short[] in = ToneGenerator.tone(4_600, 16_000, 48_000, 48_000);
        short[] out = Resampler.convert(in, 48_000, 8_000);
        assertThat(out.length).isEqualTo(8_000);
        assertThat(GoertzelMeter.db(GoertzelMeter.rms(out, 800, 6_400, 3_400) / 11_300)).isLessThan(-50);
    }

    @Test
    void streamingEqualsWholeSignal() {
        short[] in = ToneGenerator.tone(440, 12_000, 44_100, 44_100);
        Resampler r = new Resampler(44_100, 8_000);
        short[] whole = Resampler.convert(in, 44_100, 8_000);
        int produced = 0;
        short[] streamed = new short[whole.length + 100];
        for (int pos = 0; pos < in.length; pos += 441) {
            short[] part = r.process(in, pos, Math.min(441, in.length - pos));
            System.arraycopy(part, 0, streamed, produced, part.length);
            produced += part.length;
        }
        assertThat(produced).isGreaterThan(whole.length - 200);
        for (int i = 0; i < produced; i++) {
            assertThat(streamed[i]).isEqualTo(whole[i]);
        }
    }

    @Test
    void upsamplesWithoutImages() {
        short[] in = ToneGenerator.tone(1_000, 10_000, 8_000, 8_000);
        short[] out = Resampler.convert(in, 8_000, 48_000);
        assertThat(out.length).isEqualTo(48_000);
        // The first image of 1 kHz sampled at 8 kHz sits at 7 kHz.
        short[] mid = java.util.Arrays.copyOfRange(out, 4_800, 43_200);
        double image = Math.sqrt(new dev.dialtone.media.internal.dtmf.Goertzel(7_000, 48_000).power(mid, 0, mid.length));
        double tone = Math.sqrt(new dev.dialtone.media.internal.dtmf.Goertzel(1_000, 48_000).power(mid, 0, mid.length));
        assertThat(tone).isCloseTo(10_000 / Math.sqrt(2), Percentage.withPercentage(2));
        assertThat(GoertzelMeter.db(image / tone)).isLessThan(-60);
    }
}
