package dev.dialtone.media.internal.codec;

import java.util.Arrays;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusBandwidth;
import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusPacketInfo;
import io.github.jaredmdobson.concentus.OpusSignal;

import dev.dialtone.media.PayloadFormat;

/**
 * Opus (RFC 6716, RTP payload RFC 7587: 48 kHz RTP clock, {@code opus/48000/2}) with concentus, mono, run at
 * the engine's 8 kHz on both sides (the RTP clock stays 48 kHz; the codec's API rate is the application's
 * choice). Decoding: whatever the browser sends (SILK, hybrid or CELT, mono or stereo, FEC and DTX included)
 * is decoded straight to 8 kHz: SILK resamples internally, CELT synthesises only the bands below 4 kHz, so
 * nothing above the narrow band folds back as aliasing; lost packets use Opus's own concealment. Encoding: the
 * 8 kHz mix is encoded narrowband, VoIP tuned, {@value #BITRATE} bit/s, complexity {@value #COMPLEXITY}.
 * Running concentus at 8 kHz instead of 48 kHz with a resampler on each side cut a WebRTC participant's tick
 * several times over ({@code ./dialtone bench webrtc}).
 */
public final class OpusCodec implements AudioCodec {
    public static final int CLOCK_RATE = 48_000;
    static final int BITRATE = 24_000;
    public static final int COMPLEXITY = 5;
    /** The rate concentus encodes from and decodes to: the engine's own, so no resampling on either side. */
    private static final int RATE = 8_000;
    private static final int MAX_FRAME = 960; // 120 ms at 8 kHz, the longest Opus packet
    /** A TOC byte (SILK narrowband, 20 ms, one frame) with an empty frame: decoders treat it as a gap. */
    private static final byte EMPTY_PACKET = 0x08;

    private final PayloadFormat format;
    private final int complexity;

    public OpusCodec(PayloadFormat format) {
        this(format, COMPLEXITY);
    }

    /** With another encoder complexity (0-10; for measuring what it costs). */
    public OpusCodec(PayloadFormat format, int complexity) {
        if (!format.encoding().equals("OPUS") || format.clockRate() != CLOCK_RATE) {
            throw new IllegalArgumentException("not an Opus format: " + format);
        }
        if (complexity < 0 || complexity > 10) {
            throw new IllegalArgumentException("Opus complexity is 0..10: " + complexity);
        }
        this.format = format;
        this.complexity = complexity;
    }

    @Override
    public PayloadFormat format() {
        return format;
    }

    @Override
    public Encoder newEncoder() {
        try {
            return new OpusEncoding(complexity);
        } catch (OpusException e) {
            throw new IllegalStateException("concentus refused a standard encoder configuration", e);
        }
    }

    @Override
    public Decoder newDecoder() {
        try {
            return new OpusDecoding();
        } catch (OpusException e) {
            throw new IllegalStateException("concentus refused a standard decoder configuration", e);
        }
    }

    private static final class OpusEncoding implements Encoder {
        private final OpusEncoder encoder = new OpusEncoder(RATE, 1, OpusApplication.OPUS_APPLICATION_VOIP);

        OpusEncoding(int complexity) throws OpusException {
            encoder.setBitrate(BITRATE);
            encoder.setComplexity(complexity);
            encoder.setMaxBandwidth(OpusBandwidth.OPUS_BANDWIDTH_NARROWBAND);
            encoder.setSignalType(OpusSignal.OPUS_SIGNAL_VOICE);
        }

        @Override
        public int encode(short[] pcm, int offset, int count, byte[] out, int outOffset) {
            try {
                return encoder.encode(pcm, offset, count, out, outOffset, maxPayloadBytes(count));
            } catch (OpusException | RuntimeException e) {
                // Not an Opus frame size (2.5-60 ms), or concentus refused: a gap the far end conceals.
                out[outOffset] = EMPTY_PACKET;
                return 1;
            }
        }

        @Override
        public int maxPayloadBytes(int samples) {
            return 1_275; // RFC 6716 section 3.4: the most one frame can take
        }
    }

    private static final class OpusDecoding implements Decoder {
        private final OpusDecoder decoder = new OpusDecoder(RATE, 1);

        OpusDecoding() throws OpusException {
        }

        @Override
        public int samplesIn(byte[] payload, int offset, int length) {
            if (length < 1) {
                return 0;
            }
            int n = OpusPacketInfo.getNumSamples(payload, offset, length, RATE);
            return n <= 0 || n > MAX_FRAME ? 0 : n;
        }

        @Override
        public int decode(byte[] payload, int offset, int length, short[] out, int outOffset) {
            int expected = samplesIn(payload, offset, length);
            if (expected == 0 || outOffset + expected > out.length) {
                return 0;
            }
            try {
                return decoder.decode(payload, offset, length, out, outOffset, expected, false);
            } catch (OpusException | RuntimeException e) {
                return conceal(out, outOffset, expected) ? expected : 0;
            }
        }

        @Override
        public boolean conceal(short[] out, int outOffset, int count) {
            if (count <= 0 || count % 20 != 0 || count > MAX_FRAME || outOffset + count > out.length) {
                return false; // Opus conceals in whole 2.5 ms steps
            }
            try {
                decoder.decode(null, 0, 0, out, outOffset, count, false);
            } catch (OpusException | RuntimeException e) {
                Arrays.fill(out, outOffset, outOffset + count, (short) 0);
            }
            return true;
        }
    }
}
