package dev.dialtone.media.internal.codec;

import java.lang.ref.Reference;
import java.util.Arrays;

import com.sun.jna.Pointer;
import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusBandwidth;
import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusPacketInfo;
import io.github.jaredmdobson.concentus.OpusSignal;

import dev.dialtone.core.AudioFrame;
import dev.dialtone.media.PayloadFormat;

/**
 * Opus (RFC 6716, RTP payload RFC 7587: 48 kHz RTP clock, {@code opus/48000/2}) with the system's libopus
 * ({@link Library#NATIVE}, through JNA) or, where it is missing, concentus ({@link Library#JAVA}), mono, run at
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
    /** RFC 6716 section 3.4: the most one frame can take. */
    private static final int MAX_PAYLOAD = 1_275;
    /** A TOC byte (SILK narrowband, 20 ms, one frame) with an empty frame: decoders treat it as a gap. */
    private static final byte EMPTY_PACKET = 0x08;

    /** Which Opus library encodes and decodes. */
    public enum Library {
        /** The system's libopus ({@code libopus0}) through JNA. */
        NATIVE,
        /** concentus, pure Java. */
        JAVA;

        /** libopus when it can be loaded, else concentus. */
        public static Library best() {
            return LibOpus.available() ? NATIVE : JAVA;
        }

        /** The library's version, as it reports it. */
        public String describe() {
            return this == NATIVE ? LibOpus.version().orElse("libopus (unavailable)") : "concentus (Java)";
        }
    }

    private final PayloadFormat format;
    private final int complexity;
    private final Library library;

    public OpusCodec(PayloadFormat format) {
        this(format, COMPLEXITY, Library.best());
    }

    /** With another encoder complexity (0-10; for measuring what it costs). */
    public OpusCodec(PayloadFormat format, int complexity) {
        this(format, complexity, Library.best());
    }

    /** With another encoder complexity and a given library (tests and benchmarks compare them). */
    public OpusCodec(PayloadFormat format, int complexity, Library library) {
        if (library == Library.NATIVE && !LibOpus.available()) {
            throw new IllegalStateException("libopus is not available on this machine (Debian package libopus0)");
        }
        this.library = library;
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

    /**
     * Loads the library in use and runs a second of audio through an encoder and a decoder, so that the first
     * browser does not wait for the library to load (or the JIT); returns the library's name and version.
     */
    public static String warmUp() {
        OpusCodec codec = new OpusCodec(new PayloadFormat("opus", 111, CLOCK_RATE));
        Encoder enc = codec.newEncoder();
        Decoder dec = codec.newDecoder();
        short[] pcm = new short[AudioFrame.SAMPLES];
        byte[] packet = new byte[MAX_PAYLOAD];
        for (int f = 0; f < 50; f++) {
            for (int i = 0; i < pcm.length; i++) {
                pcm[i] = (short) (4_000 * Math.sin(2 * Math.PI * 440 * (f * pcm.length + i) / RATE));
            }
            int n = enc.encode(pcm, 0, pcm.length, packet, 0);
            dec.decode(packet, 0, n, pcm, 0);
        }
        return codec.library().describe();
    }

    public Library library() {
        return library;
    }

    @Override
    public Encoder newEncoder() {
        if (library == Library.NATIVE) {
            return new NativeEncoding(complexity);
        }
        try {
            return new OpusEncoding(complexity);
        } catch (OpusException e) {
            throw new IllegalStateException("concentus refused a standard encoder configuration", e);
        }
    }

    @Override
    public Decoder newDecoder() {
        if (library == Library.NATIVE) {
            return new NativeDecoding();
        }
        try {
            return new OpusDecoding();
        } catch (OpusException e) {
            throw new IllegalStateException("concentus refused a standard decoder configuration", e);
        }
    }

    /**
     * What both libraries' encoders share: a frame that cannot be encoded (not an Opus frame size of 2.5-60 ms,
     * or the library refused) goes out as an empty packet, a gap the far end conceals.
     */
    private abstract static class Encoding implements Encoder {
        /** Encodes one frame into {@code out[outOffset..]}; the payload length, or -1 if it could not. */
        abstract int encodeFrame(short[] pcm, int offset, int count, byte[] out, int outOffset);

        @Override
        public final int encode(short[] pcm, int offset, int count, byte[] out, int outOffset) {
            int n = count > 0 && count <= MAX_FRAME ? encodeFrame(pcm, offset, count, out, outOffset) : -1;
            if (n <= 0) {
                out[outOffset] = EMPTY_PACKET;
                return 1;
            }
            return n;
        }

        @Override
        public final int maxPayloadBytes(int samples) {
            return MAX_PAYLOAD;
        }
    }

    /**
     * What both libraries' decoders share: the packet's length in samples from its TOC byte, a packet that does not
     * decode is concealed, and concealment in whole 2.5 ms steps (silence if even that fails).
     */
    private abstract static class Decoding implements Decoder {
        /** Decodes one packet of {@code expected} samples into {@code out[outOffset..]}; false if it could not. */
        abstract boolean decodeFrame(byte[] payload, int offset, int length, short[] out, int outOffset, int expected);

        /** Fills {@code count} samples with the library's concealment; false if it could not. */
        abstract boolean concealFrame(short[] out, int outOffset, int count);

        @Override
        public final int samplesIn(byte[] payload, int offset, int length) {
            if (length < 1) {
                return 0;
            }
            int n = OpusPacketInfo.getNumSamples(payload, offset, length, RATE);
            return n <= 0 || n > MAX_FRAME ? 0 : n;
        }

        @Override
        public final int decode(byte[] payload, int offset, int length, short[] out, int outOffset) {
            int expected = samplesIn(payload, offset, length);
            if (expected == 0 || outOffset + expected > out.length) {
                return 0;
            }
            if (decodeFrame(payload, offset, length, out, outOffset, expected)) {
                return expected;
            }
            return conceal(out, outOffset, expected) ? expected : 0;
        }

        @Override
        public final boolean conceal(short[] out, int outOffset, int count) {
            if (count <= 0 || count % 20 != 0 || count > MAX_FRAME || outOffset + count > out.length) {
                return false; // Opus conceals in whole 2.5 ms steps
            }
            if (!concealFrame(out, outOffset, count)) {
                Arrays.fill(out, outOffset, outOffset + count, (short) 0);
            }
            return true;
        }
    }

    private static final class OpusEncoding extends Encoding {
        private final OpusEncoder encoder = new OpusEncoder(RATE, 1, OpusApplication.OPUS_APPLICATION_VOIP);

        OpusEncoding(int complexity) throws OpusException {
            encoder.setBitrate(BITRATE);
            encoder.setComplexity(complexity);
            encoder.setMaxBandwidth(OpusBandwidth.OPUS_BANDWIDTH_NARROWBAND);
            encoder.setSignalType(OpusSignal.OPUS_SIGNAL_VOICE);
        }

        @Override
        int encodeFrame(short[] pcm, int offset, int count, byte[] out, int outOffset) {
            try {
                return encoder.encode(pcm, offset, count, out, outOffset, MAX_PAYLOAD);
            } catch (OpusException | RuntimeException e) {
                return -1;
            }
        }
    }

    private static final class OpusDecoding extends Decoding {
        private final OpusDecoder decoder = new OpusDecoder(RATE, 1);

        OpusDecoding() throws OpusException {
        }

        @Override
        boolean decodeFrame(byte[] payload, int offset, int length, short[] out, int outOffset, int expected) {
            try {
                return decoder.decode(payload, offset, length, out, outOffset, expected, false) == expected;
            } catch (OpusException | RuntimeException e) {
                return false;
            }
        }

        @Override
        boolean concealFrame(short[] out, int outOffset, int count) {
            try {
                decoder.decode(null, 0, 0, out, outOffset, count, false);
                return true;
            } catch (OpusException | RuntimeException e) {
                return false;
            }
        }
    }

    /** libopus, configured as the concentus encoder is; copies through its own arrays (JNA passes whole arrays). */
    static final class NativeEncoding extends Encoding {
        private final Pointer state;
        private short[] pcm = new short[AudioFrame.SAMPLES];
        private final byte[] packet = new byte[MAX_PAYLOAD];

        NativeEncoding(int complexity) {
            state = LibOpus.newEncoder(this, RATE, LibOpus.APPLICATION_VOIP, LibOpus.SET_BITRATE, BITRATE,
                    LibOpus.SET_COMPLEXITY, complexity, LibOpus.SET_MAX_BANDWIDTH, LibOpus.BANDWIDTH_NARROWBAND,
                    LibOpus.SET_SIGNAL, LibOpus.SIGNAL_VOICE);
        }

        @Override
        int encodeFrame(short[] in, int offset, int count, byte[] out, int outOffset) {
            if (pcm.length != count) {
                pcm = new short[count];
            }
            System.arraycopy(in, offset, pcm, 0, count);
            int n;
            try {
                n = LibOpus.opus_encode(state, pcm, count, packet, Math.min(packet.length, out.length - outOffset));
            } finally {
                Reference.reachabilityFence(this); // the cleaner frees the state only once this is unreachable
            }
            if (n > 0) {
                System.arraycopy(packet, 0, out, outOffset, n);
            }
            return n;
        }

        /** An encoder setting as libopus holds it (tests). */
        int setting(int getRequest) {
            try {
                return LibOpus.encoderSetting(state, getRequest);
            } finally {
                Reference.reachabilityFence(this);
            }
        }
    }

    /** libopus decoding straight to 8 kHz, with its own concealment. */
    static final class NativeDecoding extends Decoding {
        private final Pointer state;
        private final short[] pcm = new short[MAX_FRAME];
        private byte[] payload = new byte[1_500];

        NativeDecoding() {
            state = LibOpus.newDecoder(this, RATE);
        }

        @Override
        boolean decodeFrame(byte[] data, int offset, int length, short[] out, int outOffset, int expected) {
            if (payload.length < length) {
                payload = new byte[length];
            }
            System.arraycopy(data, offset, payload, 0, length);
            return call(payload, length, out, outOffset, expected);
        }

        @Override
        boolean concealFrame(short[] out, int outOffset, int count) {
            return call(null, 0, out, outOffset, count);
        }

        /** One {@code opus_decode} of {@code count} samples ({@code data} null: conceal), copied out if it gave them all. */
        private boolean call(byte[] data, int length, short[] out, int outOffset, int count) {
            int n;
            try {
                n = LibOpus.opus_decode(state, data, length, pcm, count, 0);
            } finally {
                Reference.reachabilityFence(this);
            }
            if (n != count) {
                return false;
            }
            System.arraycopy(pcm, 0, out, outOffset, count);
            return true;
        }
    }
}
