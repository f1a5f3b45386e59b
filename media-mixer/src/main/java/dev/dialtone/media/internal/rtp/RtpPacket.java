package dev.dialtone.media.internal.rtp;

import java.util.Objects;

/**
 * An RTP data packet (RFC 3550 section 5.1): fixed header, CSRC list, optional header extension
 * (kept opaque for the WebRTC transport) and payload, padding removed. Immutable: the payload array
 * belongs to the packet.
 */
public record RtpPacket(boolean marker, int payloadType, int sequence, long timestamp, long ssrc, int[] csrcs,
                        int extensionProfile, byte[] extension, byte[] payload) {
    public static final int VERSION = 2;
    public static final int FIXED_HEADER = 12;
    private static final int[] NO_CSRCS = new int[0];
    private static final byte[] NONE = new byte[0];

    public RtpPacket {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type out of range: " + payloadType);
        }
        if (sequence < 0 || sequence > 0xFFFF) {
            throw new IllegalArgumentException("sequence out of range: " + sequence);
        }
        if (timestamp < 0 || timestamp > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("timestamp out of range: " + timestamp);
        }
        if (ssrc < 0 || ssrc > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("ssrc out of range: " + ssrc);
        }
        Objects.requireNonNull(csrcs, "csrcs");
        Objects.requireNonNull(extension, "extension");
        Objects.requireNonNull(payload, "payload");
        if (csrcs.length > 15) {
            throw new IllegalArgumentException("at most 15 CSRCs");
        }
        if (extension.length % 4 != 0) {
            throw new IllegalArgumentException("header extension length must be a multiple of 4");
        }
    }

    /** A packet with no CSRCs and no header extension. */
    public static RtpPacket of(boolean marker, int payloadType, int sequence, long timestamp, long ssrc, byte[] payload) {
        return new RtpPacket(marker, payloadType, sequence, timestamp, ssrc, NO_CSRCS, -1, NONE, payload);
    }

    public boolean hasExtension() {
        return extensionProfile >= 0;
    }

    /** True when the first byte looks like RTP/RTCP version 2 (used to tell RTP from STUN/DTLS on one port). */
    public static boolean looksLikeRtpOrRtcp(byte first) {
        return ((first & 0xC0) >> 6) == VERSION;
    }

    /** True for RTCP packet types 192..223 in the second byte when RTP and RTCP share a port (RFC 5761 section 4). */
    public static boolean isRtcp(byte[] data, int offset, int length) {
        if (length < 2) {
            return false;
        }
        int pt = data[offset + 1] & 0xFF;
        return pt >= 192 && pt <= 223;
    }

    public static RtpPacket parse(byte[] data, int offset, int length) throws MalformedPacketException {
        if (length < FIXED_HEADER) {
            throw new MalformedPacketException("RTP packet shorter than 12 bytes: " + length);
        }
        int b0 = data[offset] & 0xFF;
        if ((b0 >> 6) != VERSION) {
            throw new MalformedPacketException("RTP version is not 2");
        }
        boolean padding = (b0 & 0x20) != 0;
        boolean hasExtension = (b0 & 0x10) != 0;
        int csrcCount = b0 & 0x0F;
        int b1 = data[offset + 1] & 0xFF;
        boolean marker = (b1 & 0x80) != 0;
        int payloadType = b1 & 0x7F;
        int sequence = ((data[offset + 2] & 0xFF) << 8) | (data[offset + 3] & 0xFF);
        long timestamp = Bytes.u32(data, offset + 4);
        long ssrc = Bytes.u32(data, offset + 8);
        int pos = FIXED_HEADER + 4 * csrcCount;
        if (pos > length) {
            throw new MalformedPacketException("CSRC list runs past the packet");
        }
        int[] csrcs = csrcCount == 0 ? NO_CSRCS : new int[csrcCount];
        for (int i = 0; i < csrcCount; i++) {
            csrcs[i] = (int) Bytes.u32(data, offset + FIXED_HEADER + 4 * i);
        }
        int extensionProfile = -1;
        byte[] extension = NONE;
        if (hasExtension) {
            if (pos + 4 > length) {
                throw new MalformedPacketException("header extension runs past the packet");
            }
            extensionProfile = ((data[offset + pos] & 0xFF) << 8) | (data[offset + pos + 1] & 0xFF);
            int words = ((data[offset + pos + 2] & 0xFF) << 8) | (data[offset + pos + 3] & 0xFF);
            pos += 4;
            if (pos + 4 * words > length) {
                throw new MalformedPacketException("header extension runs past the packet");
            }
            extension = new byte[4 * words];
            System.arraycopy(data, offset + pos, extension, 0, extension.length);
            pos += 4 * words;
        }
        int end = length;
        if (padding) {
            int pad = data[offset + length - 1] & 0xFF;
            if (pad == 0 || pos + pad > length) {
                throw new MalformedPacketException("invalid RTP padding");
            }
            end -= pad;
        }
        byte[] payload = new byte[end - pos];
        System.arraycopy(data, offset + pos, payload, 0, payload.length);
        return new RtpPacket(marker, payloadType, sequence, timestamp, ssrc, csrcs, extensionProfile, extension, payload);
    }

    public int encodedLength() {
        return FIXED_HEADER + 4 * csrcs.length + (hasExtension() ? 4 + extension.length : 0) + payload.length;
    }

    /** Writes the packet at {@code out[offset..]}; returns its length. */
    public int writeTo(byte[] out, int offset) {
        int pos = writeHeader(out, offset, marker, payloadType, sequence, timestamp, ssrc, csrcs.length,
                hasExtension());
        for (int c : csrcs) {
            Bytes.putU32(out, offset + pos, c & 0xFFFF_FFFFL);
            pos += 4;
        }
        if (hasExtension()) {
            out[offset + pos] = (byte) (extensionProfile >> 8);
            out[offset + pos + 1] = (byte) extensionProfile;
            int words = extension.length / 4;
            out[offset + pos + 2] = (byte) (words >> 8);
            out[offset + pos + 3] = (byte) words;
            System.arraycopy(extension, 0, out, offset + pos + 4, extension.length);
            pos += 4 + extension.length;
        }
        System.arraycopy(payload, 0, out, offset + pos, payload.length);
        return pos + payload.length;
    }

    /**
     * Writes only the 12-byte fixed header (for the send path, which encodes the payload straight
     * after it without building a packet object); returns 12 plus room for the CSRCs.
     */
    public static int writeHeader(byte[] out, int offset, boolean marker, int payloadType, int sequence,
                                  long timestamp, long ssrc, int csrcCount, boolean extension) {
        out[offset] = (byte) ((VERSION << 6) | (extension ? 0x10 : 0) | csrcCount);
        out[offset + 1] = (byte) ((marker ? 0x80 : 0) | payloadType);
        out[offset + 2] = (byte) (sequence >> 8);
        out[offset + 3] = (byte) sequence;
        Bytes.putU32(out, offset + 4, timestamp);
        Bytes.putU32(out, offset + 8, ssrc);
        return FIXED_HEADER;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RtpPacket p && marker == p.marker && payloadType == p.payloadType
                && sequence == p.sequence && timestamp == p.timestamp && ssrc == p.ssrc
                && java.util.Arrays.equals(csrcs, p.csrcs) && extensionProfile == p.extensionProfile
                && java.util.Arrays.equals(extension, p.extension) && java.util.Arrays.equals(payload, p.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequence, timestamp, ssrc, payloadType) * 31 + java.util.Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "RtpPacket[pt=" + payloadType + " seq=" + sequence + " ts=" + timestamp + " ssrc=" + ssrc
                + (marker ? " M" : "") + " payload=" + payload.length + "B]";
    }
}
