package dev.dialtone.media.internal.codec;

import dev.dialtone.media.PayloadFormat;

/** PCMU (µ-law) or PCMA (A-law): one byte per 8 kHz sample, stateless. */
public final class G711Codec implements AudioCodec {
    public static final G711Codec PCMU = new G711Codec(PayloadFormat.PCMU, true);
    public static final G711Codec PCMA = new G711Codec(PayloadFormat.PCMA, false);

    private final PayloadFormat format;
    private final boolean ulaw;

    private G711Codec(PayloadFormat format, boolean ulaw) {
        this.format = format;
        this.ulaw = ulaw;
    }

    /** The same law with the payload type an offer chose (PCMU/PCMA are static, but peers may remap). */
    public G711Codec withFormat(PayloadFormat other) {
        return new G711Codec(other, ulaw);
    }

    public byte silenceByte() {
        return ulaw ? G711.ULAW_SILENCE : G711.ALAW_SILENCE;
    }

    @Override
    public PayloadFormat format() {
        return format;
    }

    @Override
    public Encoder newEncoder() {
        return new Encoder() {
            @Override
            public int encode(short[] pcm, int offset, int count, byte[] out, int outOffset) {
                if (ulaw) {
                    for (int i = 0; i < count; i++) {
                        out[outOffset + i] = G711.linearToUlaw(pcm[offset + i]);
                    }
                } else {
                    for (int i = 0; i < count; i++) {
                        out[outOffset + i] = G711.linearToAlaw(pcm[offset + i]);
                    }
                }
                return count;
            }

            @Override
            public int maxPayloadBytes(int samples) {
                return samples;
            }
        };
    }

    @Override
    public Decoder newDecoder() {
        return new Decoder() {
            @Override
            public int decode(byte[] payload, int offset, int length, short[] out, int outOffset) {
                int n = Math.min(length, out.length - outOffset);
                if (ulaw) {
                    for (int i = 0; i < n; i++) {
                        out[outOffset + i] = G711.ulawToLinear(payload[offset + i]);
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        out[outOffset + i] = G711.alawToLinear(payload[offset + i]);
                    }
                }
                return n;
            }

            @Override
            public int samplesIn(byte[] payload, int offset, int length) {
                return length;
            }
        };
    }
}
