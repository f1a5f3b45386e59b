package dev.dialtone.media.internal.rtp;

/** Big-endian reads and writes for the packet codecs. */
final class Bytes {
    private Bytes() {
    }

    static long u32(byte[] d, int o) {
        return ((long) (d[o] & 0xFF) << 24) | ((d[o + 1] & 0xFF) << 16) | ((d[o + 2] & 0xFF) << 8) | (d[o + 3] & 0xFF);
    }

    static int u16(byte[] d, int o) {
        return ((d[o] & 0xFF) << 8) | (d[o + 1] & 0xFF);
    }

    static int u24(byte[] d, int o) {
        return ((d[o] & 0xFF) << 16) | ((d[o + 1] & 0xFF) << 8) | (d[o + 2] & 0xFF);
    }

    static void putU32(byte[] d, int o, long v) {
        d[o] = (byte) (v >> 24);
        d[o + 1] = (byte) (v >> 16);
        d[o + 2] = (byte) (v >> 8);
        d[o + 3] = (byte) v;
    }

    static void putU16(byte[] d, int o, int v) {
        d[o] = (byte) (v >> 8);
        d[o + 1] = (byte) v;
    }
}
