package dev.dialtone.media.internal.webrtc.srtp;

import org.jitsi.utils.ByteArrayBuffer;

/**
 * A packet in a byte array as jitsi-srtp transforms it in place: offset and length within the
 * array, growing (by reallocating) when the authentication tag or SRTCP index is appended.
 */
final class PacketBuffer implements ByteArrayBuffer {
    private byte[] buffer;
    private int offset;
    private int length;

    PacketBuffer(int capacity) {
        buffer = new byte[capacity];
    }

    /** Points the buffer at a copy of {@code data[off..off+len)} (the caller's array is never changed). */
    void load(byte[] data, int off, int len) {
        if (buffer.length < len) {
            buffer = new byte[Math.max(len, 2 * buffer.length)];
        }
        System.arraycopy(data, off, buffer, 0, len);
        offset = 0;
        length = len;
    }

    @Override
    public byte[] getBuffer() {
        return buffer;
    }

    @Override
    public int getOffset() {
        return offset;
    }

    @Override
    public int getLength() {
        return length;
    }

    @Override
    public void setLength(int len) {
        length = len;
    }

    @Override
    public void setOffset(int off) {
        offset = off;
    }

    @Override
    public boolean isInvalid() {
        return false;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] outBuf) {
        System.arraycopy(buffer, offset + off, outBuf, 0, len);
    }

    @Override
    public void grow(int howMuch) {
        if (howMuch <= 0) {
            return;
        }
        int needed = offset + length + howMuch;
        if (needed > buffer.length) {
            byte[] bigger = new byte[needed];
            System.arraycopy(buffer, offset, bigger, offset, length);
            buffer = bigger;
        }
    }

    @Override
    public void append(byte[] data, int len) {
        grow(len);
        System.arraycopy(data, 0, buffer, offset + length, len);
        length += len;
    }

    @Override
    public void shrink(int len) {
        if (len > 0) {
            length = Math.max(0, length - len);
        }
    }
}
