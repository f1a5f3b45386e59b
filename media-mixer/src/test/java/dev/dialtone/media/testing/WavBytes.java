package dev.dialtone.media.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import dev.dialtone.media.internal.record.WavFile;

/** Builds 16-bit PCM WAV files in memory, for serving from a test HTTP server. */
public final class WavBytes {
    private WavBytes() {
    }

    /** Interleaved samples, any rate, {@code channels} channels. */
    public static byte[] of(short[] interleaved, int sampleRate, int channels) {
        ByteBuffer data = ByteBuffer.allocate(interleaved.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : interleaved) {
            data.putShort(s);
        }
        ByteBuffer header = WavFile.header(sampleRate, interleaved.length * 2L);
        // Patch the channel fields of the mono header.
        header.order(ByteOrder.LITTLE_ENDIAN);
        header.putShort(22, (short) channels);
        header.putInt(28, sampleRate * 2 * channels);
        header.putShort(32, (short) (2 * channels));
        byte[] out = new byte[WavFile.HEADER_BYTES + data.capacity()];
        header.get(0, out, 0, WavFile.HEADER_BYTES);
        System.arraycopy(data.array(), 0, out, WavFile.HEADER_BYTES, data.capacity());
        return out;
    }

    /** Reads back a 16-bit mono WAV file written by the recorder. */
    public static short[] samples(byte[] wav) {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        short[] s = new short[(wav.length - WavFile.HEADER_BYTES) / 2];
        for (int i = 0; i < s.length; i++) {
            s[i] = b.getShort(WavFile.HEADER_BYTES + 2 * i);
        }
        return s;
    }
}
