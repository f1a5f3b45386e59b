package dev.dialtone.media.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.dialtone.media.testing.GoertzelMeter;
import dev.dialtone.media.testing.ToneGenerator;

class G711Test {
    @Test
    void decodesReferenceCodes() {
        assertThat(G711.ulawToLinear((byte) 0xFF)).isEqualTo((short) 0);
        assertThat(G711.ulawToLinear((byte) 0x7F)).isEqualTo((short) 0);
        assertThat(G711.ulawToLinear((byte) 0x80)).isEqualTo((short) 32_124);
        assertThat(G711.ulawToLinear((byte) 0x00)).isEqualTo((short) -32_124);
        assertThat(G711.alawToLinear((byte) 0xD5)).isEqualTo((short) 8);
        assertThat(G711.alawToLinear((byte) 0x55)).isEqualTo((short) -8);
        assertThat(G711.alawToLinear((byte) 0xAA)).isEqualTo((short) 32_256);
        assertThat(G711.alawToLinear((byte) 0x2A)).isEqualTo((short) -32_256);
    }

    @Test
    void encodesSilenceAndFullScale() {
        assertThat(G711.linearToUlaw((short) 0)).isEqualTo(G711.ULAW_SILENCE);
        assertThat(G711.linearToAlaw((short) 0)).isEqualTo(G711.ALAW_SILENCE);
        assertThat(G711.ulawToLinear(G711.linearToUlaw(Short.MAX_VALUE))).isEqualTo((short) 32_124);
        assertThat(G711.ulawToLinear(G711.linearToUlaw(Short.MIN_VALUE))).isEqualTo((short) -32_124);
        assertThat(G711.alawToLinear(G711.linearToAlaw(Short.MIN_VALUE))).isEqualTo((short) -32_256);
    }

    @Test
    void everyCodeRoundTripsThroughLinear() {
        for (int c = 0; c < 256; c++) {
            byte code = (byte) c;
            short lin = G711.ulawToLinear(code);
            assertThat(G711.ulawToLinear(G711.linearToUlaw(lin))).isEqualTo(lin);
            short a = G711.alawToLinear(code);
            assertThat(G711.linearToAlaw(a)).isEqualTo(code);
        }
    }

    @Test
    void quantisationKeepsSignalToNoiseAboveThirtyDecibels() {
        short[] tone = new ToneGenerator(1_000, 10_000).next(200);
        for (G711Codec codec : new G711Codec[] {G711Codec.PCMU, G711Codec.PCMA}) {
            byte[] enc = new byte[tone.length];
            codec.newEncoder().encode(tone, 0, tone.length, enc, 0);
            short[] dec = new short[tone.length];
            codec.newDecoder().decode(enc, 0, enc.length, dec, 0);
            double noise = 0, signal = 0;
            for (int i = 0; i < tone.length; i++) {
                signal += (double) tone[i] * tone[i];
                noise += (double) (tone[i] - dec[i]) * (tone[i] - dec[i]);
            }
            assertThat(10 * Math.log10(signal / noise)).as(codec.format().encoding()).isGreaterThan(30);
        }
    }

    @Test
    void encodingIsMonotonic() {
        int previous = Integer.MIN_VALUE;
        for (int s = -32_768; s <= 32_767; s += 7) {
            int decoded = G711.ulawToLinear(G711.linearToUlaw((short) s));
            assertThat(decoded).isGreaterThanOrEqualTo(previous);
            previous = decoded;
        }
    }

    @Test
    void toneSurvivesCodecAtItsLevel() {
        short[] tone = new ToneGenerator(700, 8_000).next(100);
        byte[] enc = new byte[tone.length];
        G711Codec.PCMA.newEncoder().encode(tone, 0, tone.length, enc, 0);
        short[] dec = new short[tone.length];
        G711Codec.PCMA.newDecoder().decode(enc, 0, enc.length, dec, 0);
        assertThat(GoertzelMeter.rms(dec, 700)).isCloseTo(8_000 / Math.sqrt(2), org.assertj.core.data.Percentage.withPercentage(3));
    }
}
