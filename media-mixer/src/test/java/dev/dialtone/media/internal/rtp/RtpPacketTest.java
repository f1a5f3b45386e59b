package dev.dialtone.media.internal.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RtpPacketTest {
    @Test
    void roundTripsHeaderFieldsAndPayload() throws Exception {
        RtpPacket p = new RtpPacket(true, 0, 65_535, 0xFFFF_FFFFL, 0x1234_5678L, new int[] {7, 9}, 0xBEDE,
                new byte[] {1, 2, 3, 4}, new byte[] {10, 20, 30});
        byte[] b = new byte[p.encodedLength()];
        assertThat(p.writeTo(b, 0)).isEqualTo(b.length);
        assertThat(RtpPacket.parse(b, 0, b.length)).isEqualTo(p);
    }

    @Test
    void stripsPadding() throws Exception {
        byte[] b = new byte[12 + 4 + 4];
        RtpPacket.writeHeader(b, 0, false, 8, 1, 160, 42, 0, false);
        b[0] |= 0x20;
        b[12] = 5;
        b[b.length - 1] = 4;
        RtpPacket p = RtpPacket.parse(b, 0, b.length);
        assertThat(p.payload()).hasSize(4);
        assertThat(p.payloadType()).isEqualTo(8);
    }

    @Test
    void rejectsMalformedPackets() {
        assertThatThrownBy(() -> RtpPacket.parse(new byte[8], 0, 8)).isInstanceOf(MalformedPacketException.class);
        byte[] v1 = new byte[12];
        v1[0] = 0x40;
        assertThatThrownBy(() -> RtpPacket.parse(v1, 0, 12)).isInstanceOf(MalformedPacketException.class);
        byte[] csrc = new byte[12];
        csrc[0] = (byte) 0x8F; // 15 CSRCs announced, none present
        assertThatThrownBy(() -> RtpPacket.parse(csrc, 0, 12)).isInstanceOf(MalformedPacketException.class);
        byte[] pad = new byte[13];
        pad[0] = (byte) 0xA0;
        pad[12] = 50;
        assertThatThrownBy(() -> RtpPacket.parse(pad, 0, 13)).isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void telephoneEventRoundTrips() throws Exception {
        TelephoneEvent e = new TelephoneEvent(11, true, 10, 800);
        TelephoneEvent back = TelephoneEvent.parse(e.toBytes());
        assertThat(back).isEqualTo(e);
        assertThat(back.digit()).isEqualTo('#');
        assertThat(TelephoneEvent.eventFor('d')).isEqualTo(15);
    }

    @Test
    void rtcpCompoundRoundTrips() throws Exception {
        RtcpPacket.ReportBlock block = new RtcpPacket.ReportBlock(99, 12, -3, 70_000, 40, 0xABCD_0000L, 65_536);
        List<RtcpPacket> packets = List.of(
                new RtcpPacket.SenderReport(5, 0x0102_0304_0506_0708L, 160, 50, 8_000, List.of(block)),
                new RtcpPacket.SourceDescription(List.of(new RtcpPacket.SourceDescription.Chunk(5, "rtp-1@dialtone"))),
                new RtcpPacket.Bye(List.of(5L), Optional.of("bye")));
        byte[] bytes = RtcpPacket.writeCompound(packets);
        assertThat(bytes.length % 4).isZero();
        assertThat(RtcpPacket.parseCompound(bytes, 0, bytes.length)).isEqualTo(packets);
        byte[] rr = RtcpPacket.writeCompound(List.of(new RtcpPacket.ReceiverReport(7, List.of())));
        assertThat(RtcpPacket.parseCompound(rr, 0, rr.length)).containsExactly(new RtcpPacket.ReceiverReport(7, List.of()));
    }

    @Test
    void rtcpRejectsLengthsPastTheDatagram() {
        byte[] rr = RtcpPacket.writeCompound(List.of(new RtcpPacket.ReceiverReport(7, List.of())));
        rr[3] = 9;
        assertThatThrownBy(() -> RtcpPacket.parseCompound(rr, 0, rr.length)).isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void receptionStatisticsCountLossAcrossWrapAround() {
        ReceptionStatistics s = new ReceptionStatistics(8_000);
        long t = 0;
        for (int i = 0; i < 100; i++) {
            int seq = (65_500 + i) & 0xFFFF;
            if (i % 10 == 3) {
                continue; // 10 lost
            }
            s.update(seq, i * 160L, t + i * 20_000_000L);
        }
        assertThat(s.expected()).isEqualTo(100);
        assertThat(s.lost()).isEqualTo(10);
        assertThat(s.extendedHighestSequence()).isEqualTo(65_536 + 63);
        assertThat(s.jitterMillis()).isLessThan(1);
    }
}
