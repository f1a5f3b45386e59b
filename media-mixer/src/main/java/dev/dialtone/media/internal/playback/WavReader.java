package dev.dialtone.media.internal.playback;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads 16-bit PCM WAV (RIFF) from bytes, including the streamed form whose size fields are
 * placeholders (espeak-ng writes that): the data chunk runs to the end of what was read.
 */
public final class WavReader {
    /** Interleaved samples. */
    public record Pcm(short[] samples, int sampleRate, int channels) {
    }

    private WavReader() {
    }

    public static Pcm read(byte[] wav) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        if (wav.length < 12 || b.getInt(0) != 0x4646_4952 || b.getInt(8) != 0x4556_4157) { // "RIFF", "WAVE"
            throw new IOException("not a WAV file");
        }
        int pos = 12;
        int rate = -1, channels = -1, bits = -1, format = -1;
        while (pos + 8 <= wav.length) {
            int id = b.getInt(pos);
            long size = b.getInt(pos + 4) & 0xFFFF_FFFFL;
            int body = pos + 8;
            if (id == 0x2074_6D66) { // "fmt "
                if (size < 16 || body + 16 > wav.length) {
                    throw new IOException("truncated WAV fmt chunk");
                }
                format = b.getShort(body) & 0xFFFF;
                channels = b.getShort(body + 2) & 0xFFFF;
                rate = b.getInt(body + 4);
                bits = b.getShort(body + 14) & 0xFFFF;
            } else if (id == 0x6174_6164) { // "data"
                if (format != 1 && format != 0xFFFE || bits != 16) {
                    throw new IOException("only 16-bit PCM WAV is read here");
                }
                if (channels < 1 || channels > 8 || rate < 1_000 || rate > 192_000) {
                    throw new IOException("implausible WAV format: " + channels + " channels at " + rate + " Hz");
                }
                long available = wav.length - body;
                int bytes = (int) Math.min(size, available) & ~1;
                short[] s = new short[bytes / 2];
                b.position(body);
                b.asShortBuffer().get(s, 0, s.length);
                return new Pcm(s, rate, channels);
            }
            pos = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
        }
        throw new IOException("WAV file has no data chunk");
    }
}
