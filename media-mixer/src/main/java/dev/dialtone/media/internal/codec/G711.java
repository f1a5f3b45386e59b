package dev.dialtone.media.internal.codec;

/**
 * ITU-T G.711 companding, µ-law and A-law, with tables built here at class load: decoding is one
 * 256-entry lookup; encoding uses a 64 Ki-entry table indexed by the 16-bit sample.
 */
public final class G711 {
    private static final short[] ULAW_TO_LINEAR = new short[256];
    private static final short[] ALAW_TO_LINEAR = new short[256];
    private static final byte[] LINEAR_TO_ULAW = new byte[65_536];
    private static final byte[] LINEAR_TO_ALAW = new byte[65_536];

    /** The µ-law byte for digital silence. */
    public static final byte ULAW_SILENCE = (byte) 0xFF;
    /** The A-law byte for digital silence. */
    public static final byte ALAW_SILENCE = (byte) 0xD5;

    private static final int ULAW_BIAS = 0x84;
    private static final int ULAW_CLIP = 32_635;

    static {
        for (int i = 0; i < 256; i++) {
            ULAW_TO_LINEAR[i] = ulawDecode((byte) i);
            ALAW_TO_LINEAR[i] = alawDecode((byte) i);
        }
        for (int s = -32_768; s <= 32_767; s++) {
            LINEAR_TO_ULAW[s & 0xFFFF] = ulawEncode(s);
            LINEAR_TO_ALAW[s & 0xFFFF] = alawEncode(s);
        }
    }

    private G711() {
    }

    public static short ulawToLinear(byte b) {
        return ULAW_TO_LINEAR[b & 0xFF];
    }

    public static short alawToLinear(byte b) {
        return ALAW_TO_LINEAR[b & 0xFF];
    }

    public static byte linearToUlaw(short s) {
        return LINEAR_TO_ULAW[s & 0xFFFF];
    }

    public static byte linearToAlaw(short s) {
        return LINEAR_TO_ALAW[s & 0xFFFF];
    }

    // Segment search: the position of the highest set bit above the 4 mantissa bits.
    private static int segment(int magnitude, int firstBit) {
        int seg = 0;
        for (int m = magnitude >> firstBit; m > 1 && seg < 7; m >>= 1) {
            seg++;
        }
        return seg;
    }

    private static byte ulawEncode(int sample) {
        int sign = sample < 0 ? 0x80 : 0;
        int magnitude = Math.min(Math.abs(sample), ULAW_CLIP) + ULAW_BIAS;
        int exponent = segment(magnitude, 7);
        int mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    private static short ulawDecode(byte code) {
        int u = ~code & 0xFF;
        int exponent = (u >> 4) & 0x07;
        int mantissa = u & 0x0F;
        int magnitude = ((mantissa << 3) + ULAW_BIAS) << exponent;
        magnitude -= ULAW_BIAS;
        return (short) ((u & 0x80) != 0 ? -magnitude : magnitude);
    }

    private static byte alawEncode(int sample) {
        int sign = sample >= 0 ? 0x80 : 0;
        int magnitude = Math.min(sample < 0 ? -sample - 1 : sample, 32_767) >> 3; // 13-bit magnitude
        int code;
        if (magnitude < 32) {
            code = magnitude >> 1;
        } else {
            int exponent = segment(magnitude, 4);
            code = (exponent << 4) | ((magnitude >> exponent) & 0x0F);
        }
        return (byte) ((sign | code) ^ 0x55);
    }

    private static short alawDecode(byte code) {
        int a = (code & 0xFF) ^ 0x55;
        int exponent = (a >> 4) & 0x07;
        int mantissa = a & 0x0F;
        int magnitude = exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
        return (short) ((a & 0x80) != 0 ? magnitude : -magnitude);
    }
}
