package dev.dialtone.media.internal.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 7983 section 7: the first byte decides. */
class PacketClassTest {
    private static PacketClass first(int b) {
        return PacketClass.of(new byte[] {(byte) b, 0, 0, 0}, 0, 4);
    }

    @Test
    void eachRangeOfTheFirstByteGoesWhereRfc7983Says() {
        for (int b = 0; b <= 255; b++) {
            PacketClass expected = b <= 3 ? PacketClass.STUN
                    : b >= 20 && b <= 63 ? PacketClass.DTLS
                    : b >= 128 && b <= 191 ? PacketClass.RTP_OR_RTCP
                    : PacketClass.OTHER; // ZRTP 16-19, TURN channels 64-79 and undefined ranges are dropped
            assertThat(first(b)).as("first byte %d", b).isEqualTo(expected);
        }
    }

    @Test
    void realPacketsAreClassified() {
        assertThat(first(0x00)).as("STUN Binding request 0x0001").isEqualTo(PacketClass.STUN);
        assertThat(first(0x01)).as("STUN Binding success 0x0101").isEqualTo(PacketClass.STUN);
        assertThat(first(22)).as("DTLS handshake record").isEqualTo(PacketClass.DTLS);
        assertThat(first(23)).as("DTLS application data").isEqualTo(PacketClass.DTLS);
        assertThat(first(0x80)).as("RTP version 2").isEqualTo(PacketClass.RTP_OR_RTCP);
        assertThat(first(0x81)).as("RTCP RR with one report block").isEqualTo(PacketClass.RTP_OR_RTCP);
        assertThat(first(0x90)).as("RTP with header extension").isEqualTo(PacketClass.RTP_OR_RTCP);
        assertThat(PacketClass.of(new byte[0], 0, 0)).isEqualTo(PacketClass.OTHER);
        byte[] offset = {9, 9, 22};
        assertThat(PacketClass.of(offset, 2, 1)).isEqualTo(PacketClass.DTLS);
    }
}
