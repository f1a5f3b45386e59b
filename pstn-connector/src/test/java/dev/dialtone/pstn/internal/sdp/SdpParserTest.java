package dev.dialtone.pstn.internal.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.dialtone.media.MediaDirection;

class SdpParserTest {
    @Test
    void parsesATypicalPhoneOffer() throws Exception {
        SessionDescription sd = SdpParser.parse("v=0\r\no=alice 2890844526 2890844527 IN IP4 192.0.2.10\r\ns= \r\n"
                + "c=IN IP4 192.0.2.10\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=rtcp:49999\r\na=sendrecv\r\n");
        assertThat(sd.originSessionId()).isEqualTo("2890844526");
        assertThat(sd.originVersion()).isEqualTo(2890844527L);
        MediaDescription m = sd.media().getFirst();
        assertThat(m.formats()).containsExactly(0, 8, 101);
        assertThat(m.rtpMaps().get(101).encoding()).isEqualTo("TELEPHONE-EVENT");
        assertThat(m.fmtps()).containsEntry(101, "0-15");
        assertThat(m.ptime()).contains(20);
        assertThat(m.rtcpPort()).contains(49999);
        assertThat(sd.directionOf(m)).isEqualTo(MediaDirection.SENDRECV);
        assertThat(sd.connectionOf(m).orElseThrow().getHostAddress()).isEqualTo("192.0.2.10");
    }

    @Test
    void acceptsBareLineFeedsAndIgnoresUnknownLines() throws Exception {
        SessionDescription sd = SdpParser.parse("v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\nc=IN IP4 10.0.0.1\nt=0 0\nz=whatever\n"
                + "m=audio 1000 RTP/AVP 0\na=x-unknown:1\na=rtpmap:31 LPC\n");
        assertThat(sd.media()).hasSize(1);
        assertThat(sd.media().getFirst().rtpMaps()).isEmpty();
    }

    @Test
    void refusesWhatWouldSendMediaAstray() {
        assertThatThrownBy(() -> SdpParser.parse("o=- 1 1 IN IP4 10.0.0.1\r\n")).hasMessageContaining("v=");
        assertThatThrownBy(() -> SdpParser.parse("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nc=IN IP4 1.2.3.999\r\n"))
                .hasMessageContaining("bad IPv4");
        assertThatThrownBy(() -> SdpParser.parse("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nc=IN IP4 media.example.com\r\n"))
                .hasMessageContaining("host names");
        assertThatThrownBy(() -> SdpParser.parse("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nc=IN IP4 224.2.1.1/127\r\n"))
                .hasMessageContaining("multicast");
        assertThatThrownBy(() -> SdpParser.parse("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio 70000 RTP/AVP 0\r\n"))
                .hasMessageContaining("port out of range");
        assertThatThrownBy(() -> SdpParser.parse("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio 7000 RTP/AVP 300\r\n"))
                .hasMessageContaining("payload type");
        assertThatThrownBy(() -> SdpParser.parse("v=0\r\nm =video 1 RTP/AVP 31\r\n")).hasMessageContaining("line 2");
    }

    @Test
    void boundsTheNumberOfSectionsAndFormats() {
        StringBuilder many = new StringBuilder("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\n");
        for (int i = 0; i <= SdpParser.MAX_MEDIA; i++) {
            many.append("m=audio ").append(1000 + i).append(" RTP/AVP 0\r\n");
        }
        assertThatThrownBy(() -> SdpParser.parse(many.toString())).hasMessageContaining("media sections");
        StringBuilder formats = new StringBuilder("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio 1000 RTP/AVP");
        for (int i = 0; i <= SdpParser.MAX_FORMATS; i++) {
            formats.append(' ').append(i % 128);
        }
        assertThatThrownBy(() -> SdpParser.parse(formats.append("\r\n").toString())).hasMessageContaining("formats");
    }

    @Test
    void parsesIpv6Connections() throws Exception {
        SessionDescription sd = SdpParser.parse("v=0\r\no=- 1 1 IN IP6 ::1\r\ns=-\r\nc=IN IP6 2001:db8::1\r\nt=0 0\r\n"
                + "m=audio 1000 RTP/AVP 0\r\n");
        assertThat(sd.connection().orElseThrow().getHostAddress()).startsWith("2001:db8");
    }
}
