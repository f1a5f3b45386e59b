package dev.dialtone.media.internal.webrtc.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Arrays;
import java.time.Clock;

import org.junit.jupiter.api.Test;

import dev.dialtone.media.internal.rtp.RtcpSession;
import dev.dialtone.media.internal.rtp.RtpPacket;
import dev.dialtone.media.internal.webrtc.dtls.SrtpKeys;

/** SRTP/SRTCP protect and unprotect between the two ends of one keying. */
class SrtpSessionTest {
    private static SrtpKeys randomKeys() {
        byte[] material = new byte[SrtpKeys.MATERIAL_LENGTH];
        new SecureRandom().nextBytes(material);
        return SrtpKeys.fromMaterial(material);
    }

    private static byte[] rtp(int seq) {
        byte[] payload = new byte[160];
        Arrays.fill(payload, (byte) seq);
        RtpPacket p = RtpPacket.of(false, 0, seq, 160L * seq, 0x11223344L, payload);
        byte[] out = new byte[p.encodedLength()];
        p.writeTo(out, 0);
        return out;
    }

    @Test
    void rtpRoundTripsAndIsReallyEncrypted() throws Exception {
        SrtpKeys keys = randomKeys();
        try (SrtpSession server = new SrtpSession(keys); SrtpSession browser = SrtpSession.asClient(keys)) {
            for (int seq = 1; seq <= 50; seq++) {
                byte[] plain = rtp(seq);
                byte[] wire = new byte[2048];
                int n = server.protectRtp(plain, 0, plain.length, wire);
                assertThat(n).isEqualTo(plain.length + SrtpSession.RTP_OVERHEAD);
                assertThat(Arrays.copyOf(wire, 12)).isEqualTo(Arrays.copyOf(plain, 12)); // header stays clear
                assertThat(Arrays.copyOfRange(wire, 12, plain.length)).isNotEqualTo(Arrays.copyOfRange(plain, 12,
                        plain.length));

                byte[] back = new byte[2048];
                int m = browser.unprotectRtp(wire, 0, n, back);
                assertThat(Arrays.copyOf(back, m)).isEqualTo(plain);
            }
        }
    }

    @Test
    void forgedReplayedAndGarbagePacketsAreRejected() {
        SrtpKeys keys = randomKeys();
        try (SrtpSession server = new SrtpSession(keys); SrtpSession browser = SrtpSession.asClient(keys)) {
            byte[] plain = rtp(7);
            byte[] wire = new byte[2048];
            int n = server.protectRtp(plain, 0, plain.length, wire);
            byte[] out = new byte[2048];

            byte[] forged = wire.clone();
            forged[20] ^= 1;
            assertThat(browser.unprotectRtp(forged, 0, n, out)).isEqualTo(-1);
            assertThat(browser.unprotectRtp(wire, 0, n, out)).isEqualTo(plain.length);
            assertThat(browser.unprotectRtp(wire, 0, n, out)).as("replay").isEqualTo(-1);
            assertThat(browser.unprotectRtp(new byte[5], 0, 5, out)).isEqualTo(-1);
            byte[] junk = new byte[200];
            new SecureRandom().nextBytes(junk);
            junk[0] = (byte) 0x80;
            assertThat(browser.unprotectRtp(junk, 0, junk.length, out)).isEqualTo(-1);
            // The wrong direction's keys do not decrypt either.
            assertThat(server.unprotectRtp(wire, 0, n, out)).isEqualTo(-1);
        }
    }

    @Test
    void rtcpRoundTripsInBothDirections() throws Exception {
        SrtpKeys keys = randomKeys();
        byte[] rtcp = new RtcpSession(0x55667788L, "x@y", 1_000_000_000L, Clock.systemUTC())
                .report(0, 0, 0, 0, null, -1, false);
        try (SrtpSession server = new SrtpSession(keys); SrtpSession browser = SrtpSession.asClient(keys)) {
            byte[] wire = new byte[2048];
            byte[] back = new byte[2048];
            int n = server.protectRtcp(rtcp, 0, rtcp.length, wire);
            assertThat(n).isEqualTo(rtcp.length + SrtpSession.RTCP_OVERHEAD);
            assertThat(Arrays.copyOf(back, browser.unprotectRtcp(wire, 0, n, back))).isEqualTo(rtcp);

            n = browser.protectRtcp(rtcp, 0, rtcp.length, wire);
            assertThat(Arrays.copyOf(back, server.unprotectRtcp(wire, 0, n, back))).isEqualTo(rtcp);
            wire[10] ^= 1;
            assertThat(server.unprotectRtcp(wire, 0, n, back)).isEqualTo(-1);
        }
    }
}
