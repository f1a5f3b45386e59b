package dev.dialtone.media.internal.dtmf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.dialtone.media.testing.DtmfSignals;
import dev.dialtone.media.testing.ToneGenerator;

class DtmfDetectorTest {
    private record Digit(char key, Duration duration) {
    }

    private static List<Digit> detect(short[] pcm) {
        List<Digit> out = new ArrayList<>();
        DtmfDetector d = new DtmfDetector((k, dur) -> out.add(new Digit(k, dur)));
        short[] frame = new short[160];
        for (int pos = 0; pos + 160 <= pcm.length; pos += 160) {
            System.arraycopy(pcm, pos, frame, 0, 160);
            d.process(frame);
        }
        d.flush();
        return out;
    }

    private static String keys(List<Digit> digits) {
        StringBuilder sb = new StringBuilder();
        digits.forEach(d -> sb.append(d.key()));
        return sb.toString();
    }

    @Test
    void detectsAllSixteenKeysOnceEachWithTheirDuration() {
        String all = "0123456789*#ABCD";
        List<Digit> digits = detect(DtmfSignals.sequence(all, 100, 80, 0, 1));
        assertThat(keys(digits)).isEqualTo(all);
        for (Digit d : digits) {
            assertThat(d.duration().toMillis()).isBetween(80L, 120L);
        }
    }

    @Test
    void detectsInNoiseAndRepeatedKeysSeparatedByShortPauses() {
        List<Digit> digits = detect(DtmfSignals.sequence("55511#", 60, 50, 300, 2));
        assertThat(keys(digits)).isEqualTo("55511#");
    }

    @Test
    void ignoresBlipsShorterThanFortyMilliseconds() {
        assertThat(detect(DtmfSignals.sequence("123", 20, 100, 0, 3))).isEmpty();
    }

    @Test
    void rejectsExcessiveTwist() {
        // Low group 12 dB louder than the high group: beyond the 8 dB allowed.
        short[] low = ToneGenerator.tone(770, 12_000, 8_000, 1_600);
        short[] high = ToneGenerator.tone(1_336, 3_000, 8_000, 1_600);
        short[] sum = new short[1_600];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = (short) (low[i] + high[i]);
        }
        assertThat(detect(sum)).isEmpty();
        // 4 dB normal twist is fine.
        short[] high2 = ToneGenerator.tone(1_336, 7_500, 8_000, 1_600);
        for (int i = 0; i < sum.length; i++) {
            sum[i] = (short) (low[i] + high2[i]);
        }
        assertThat(keys(detect(sum))).isEqualTo("5");
    }

    @Test
    void rejectsTonesBuriedInBroadbandSound() {
        short[] dtmf = DtmfSignals.sequence("9", 200, 0, 0, 4);
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < dtmf.length; i++) {
            dtmf[i] = (short) Math.max(-32_768, Math.min(32_767, dtmf[i] + r.nextGaussian() * 9_000));
        }
        assertThat(detect(dtmf)).isEmpty();
    }

    @Test
    void rejectsSingleTonesAndChords() {
        assertThat(detect(ToneGenerator.tone(852, 10_000, 8_000, 4_000))).isEmpty();
        short[] chord = new short[4_000];
        short[] a = ToneGenerator.tone(697, 6_000, 8_000, 4_000);
        short[] b = ToneGenerator.tone(1_209, 6_000, 8_000, 4_000);
        short[] c = ToneGenerator.tone(1_477, 6_000, 8_000, 4_000);
        for (int i = 0; i < chord.length; i++) {
            chord[i] = (short) (a[i] + b[i] + c[i]);
        }
        assertThat(detect(chord)).isEmpty();
    }

    @Test
    void generatedDigitsHaveRequestedLength() {
        assertThat(DtmfGenerator.tone('7', 100)).hasSize(800);
    }
}
