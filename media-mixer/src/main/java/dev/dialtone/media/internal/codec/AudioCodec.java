package dev.dialtone.media.internal.codec;

import dev.dialtone.media.PayloadFormat;

/**
 * An RTP audio codec seen from the media graph: it turns RTP payloads into 8 kHz PCM and back.
 * Codecs running at another rate (Opus at 48 kHz) resample inside their encoder and decoder with
 * {@link Resampler}, so the rest of the engine only ever sees {@code AudioFrame}-shaped 8 kHz audio.
 * Encoders and decoders may keep state and are used by one thread at a time.
 */
public interface AudioCodec {
    PayloadFormat format();

    Encoder newEncoder();

    Decoder newDecoder();

    /** RTP timestamp units per 8 kHz sample (1 for G.711, 6 for Opus' 48 kHz clock). */
    default int timestampUnitsPerSample() {
        return format().clockRate() / 8_000;
    }

    interface Encoder {
        /**
         * Encodes {@code count} samples of 8 kHz PCM from {@code pcm[offset..]} into {@code out} at
         * {@code outOffset}; returns the number of bytes written.
         */
        int encode(short[] pcm, int offset, int count, byte[] out, int outOffset);

        /** Largest payload {@link #encode} writes for {@code samples} input samples. */
        int maxPayloadBytes(int samples);
    }

    interface Decoder {
        /**
         * Decodes one RTP payload into 8 kHz PCM at {@code out[outOffset..]}; returns the number of
         * samples written (at most {@code out.length - outOffset}).
         */
        int decode(byte[] payload, int offset, int length, short[] out, int outOffset);

        /** How many 8 kHz samples {@link #decode} will produce for this payload. */
        int samplesIn(byte[] payload, int offset, int length);

        /**
         * Fills {@code count} samples for a lost packet. Codecs with their own concealment (Opus)
         * override this; returning {@code false} lets the jitter buffer conceal generically.
         */
        default boolean conceal(short[] out, int outOffset, int count) {
            return false;
        }
    }
}
