package dev.dialtone.media.internal.webrtc;

/**
 * What a datagram on a WebRTC port is, by its first byte (RFC 7983 section 7, updating RFC 5764
 * section 5.1.2): STUN 0-3, ZRTP 16-19, DTLS 20-63, TURN channels 64-79, RTP/RTCP 128-191.
 * ZRTP, TURN channel data and anything else are dropped.
 */
public enum PacketClass {
    STUN, DTLS, RTP_OR_RTCP, OTHER;

    public static PacketClass of(byte[] data, int offset, int length) {
        if (length < 1) {
            return OTHER;
        }
        int b = data[offset] & 0xFF;
        if (b <= 3) {
            return STUN;
        }
        if (b >= 20 && b <= 63) {
            return DTLS;
        }
        if (b >= 128 && b <= 191) {
            return RTP_OR_RTCP;
        }
        return OTHER;
    }
}
