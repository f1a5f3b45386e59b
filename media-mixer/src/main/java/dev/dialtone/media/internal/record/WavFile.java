package dev.dialtone.media.internal.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/** The 44-byte canonical header of a 16-bit mono PCM WAV file (RIFF/WAVE, fmt chunk 16 bytes). */
public final class WavFile {
    public static final int HEADER_BYTES = 44;

    private WavFile() {
    }

    public static ByteBuffer header(int sampleRate, long dataBytes) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        long riffSize = Math.min(0xFFFF_FFFFL, 36 + dataBytes);
        b.put(new byte[] {'R', 'I', 'F', 'F'}).putInt((int) riffSize).put(new byte[] {'W', 'A', 'V', 'E'});
        b.put(new byte[] {'f', 'm', 't', ' '}).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(sampleRate).putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16);
        b.put(new byte[] {'d', 'a', 't', 'a'}).putInt((int) Math.min(0xFFFF_FFFFL, dataBytes));
        b.flip();
        return b;
    }

    static void writeHeader(FileChannel ch, int sampleRate, long dataBytes) throws IOException {
        ByteBuffer h = header(sampleRate, dataBytes);
        long pos = 0;
        while (h.hasRemaining()) {
            pos += ch.write(h, pos);
        }
    }
}
