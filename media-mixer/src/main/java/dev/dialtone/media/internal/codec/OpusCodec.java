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
 * Opus (RFC 6716, RTP payload RFC 7587: 48 kHz clock, {@code opus/48000/2}) with concentus, mono.
 * Decoding: whatever the browser sends (SILK, hybrid or CELT, mono or stereo, FEC and DTX included)
 * is decoded at 48 kHz and brought down to the engine's 8 kHz with {@link Resampler}, whose
 * low-pass removes everything above 3.7 kHz before it could alias; lost packets use Opus's own
 * concealment. Encoding: the 8 kHz mix is brought up to 48 kHz with {@link Resampler} and encoded
 * narrowband (all the mix contains), VoIP tuned, {@value #BITRATE} bit/s, complexity
 * {@value #COMPLEXITY} — what keeps a participant's encoder cheap. Both resamplers are primed with
 * their filter delay (3 ms), so every 20 ms of one side is exactly 20 ms of the other.
 */
public final class OpusCodec implements AudioCodec {
    public static final int CLOCK_RATE = 48_000;
    static final int BITRATE = 24_000;
    public static final int COMPLEXITY = 5;
    private static final int RATIO = CLOCK_RATE / 8_000;
    private static final int MAX_FRAME_48K = 5_760; // 120 ms, the longest Opus packet
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

    private static Resampler primed(int from, int to) {
        Resampler r = new Resampler(from, to);
        int delay = r.tapsPerPhase() / 2; // input samples the filter looks ahead
        r.process(new short[delay], 0, delay);
        return r;
    }

    private static final class OpusEncoding implements Encoder {
        private final OpusEncoder encoder = new OpusEncoder(CLOCK_RATE, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        private final Resampler up = primed(8_000, CLOCK_RATE);
        private short[] fifo = new short[MAX_FRAME_48K];
        private int buffered;

        OpusEncoding(int complexity) throws OpusException {
            encoder.setBitrate(BITRATE);
            encoder.setComplexity(complexity);
            encoder.setMaxBandwidth(OpusBandwidth.OPUS_BANDWIDTH_NARROWBAND);
            encoder.setSignalType(OpusSignal.OPUS_SIGNAL_VOICE);
        }

        @Override
        public int encode(short[] pcm, int offset, int count, byte[] out, int outOffset) {
            short[] upsampled = up.process(pcm, offset, count);
            if (buffered + upsampled.length > fifo.length) {
                fifo = Arrays.copyOf(fifo, buffered + upsampled.length);
            }
            System.arraycopy(upsampled, 0, fifo, buffered, upsampled.length);
            buffered += upsampled.length;
            int frame = count * RATIO;
            if (buffered < frame) {
                // Only if the resampler ever delivered short: pad in front rather than stretch time.
                System.arraycopy(fifo, 0, fifo, frame - buffered, buffered);
                Arrays.fill(fifo, 0, frame - buffered, (short) 0);
                buffered = frame;
            }
            int n;
            try {
                n = encoder.encode(fifo, 0, frame, out, outOffset, maxPayloadBytes(count));
            } catch (OpusException | RuntimeException e) {
                out[outOffset] = EMPTY_PACKET;
                n = 1;
            }
            buffered -= frame;
            System.arraycopy(fifo, frame, fifo, 0, buffered);
            return n;
        }

        @Override
        public int maxPayloadBytes(int samples) {
            return 1_275; // RFC 6716 section 3.4: the most one frame can take
        }
    }

    private static final class OpusDecoding implements Decoder {
        private final OpusDecoder decoder = new OpusDecoder(CLOCK_RATE, 1);
        private final Resampler down = primed(CLOCK_RATE, 8_000);
        private final short[] wide = new short[MAX_FRAME_48K];

        OpusDecoding() throws OpusException {
        }

        @Override
        public int samplesIn(byte[] payload, int offset, int length) {
            if (length < 1) {
                return 0;
            }
            int n = OpusPacketInfo.getNumSamples(payload, offset, length, CLOCK_RATE);
            return n <= 0 || n > MAX_FRAME_48K ? 0 : n / RATIO;
        }

        @Override
        public int decode(byte[] payload, int offset, int length, short[] out, int outOffset) {
            int expected = samplesIn(payload, offset, length);
            if (expected == 0) {
                return 0;
            }
            int n;
            try {
                n = decoder.decode(payload, offset, length, wide, 0, expected * RATIO, false);
            } catch (OpusException | RuntimeException e) {
                n = concealWide(expected * RATIO);
            }
            return narrow(n, out, outOffset, expected);
        }

        @Override
        public boolean conceal(short[] out, int outOffset, int count) {
            if (count <= 0 || count % 20 != 0 || count * RATIO > MAX_FRAME_48K) {
                return false; // Opus conceals in whole 2.5 ms steps
            }
            int n = concealWide(count * RATIO);
            narrow(n, out, outOffset, count);
            return true;
        }

        private int concealWide(int samples) {
            try {
                return decoder.decode(null, 0, 0, wide, 0, samples, false);
            } catch (OpusException | RuntimeException e) {
                Arrays.fill(wide, 0, samples, (short) 0);
                return samples;
            }
        }

        /** Resamples {@code n} decoded 48 kHz samples to exactly {@code want} 8 kHz samples at {@code out[outOffset..]}. */
        private int narrow(int n, short[] out, int outOffset, int want) {
            short[] pcm = down.process(wide, 0, Math.max(0, n));
            int copy = Math.min(Math.min(pcm.length, want), out.length - outOffset);
            System.arraycopy(pcm, 0, out, outOffset, copy);
            if (copy < want && outOffset + want <= out.length) {
                Arrays.fill(out, outOffset + copy, outOffset + want, (short) 0);
                copy = want;
            }
            return copy;
        }
    }
}
