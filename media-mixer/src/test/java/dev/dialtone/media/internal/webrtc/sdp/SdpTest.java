package dev.dialtone.media.internal.webrtc.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.dialtone.media.MediaDirection;
import dev.dialtone.media.PayloadFormat;
import dev.dialtone.media.internal.webrtc.sdp.MediaDescription.DtlsFingerprint;
import dev.dialtone.media.internal.webrtc.sdp.MediaDescription.DtlsSetup;

/** Parsing real Chromium offers, negotiating audio and writing the answer. */
class SdpTest {
    private static final List<String> PREFERENCE = List.of("OPUS", "PCMU", "PCMA");

    static String resource(String name) throws IOException {
        try (InputStream in = SdpTest.class.getResourceAsStream("/webrtc/" + name)) {
            // Stored with LF (git normalises text); browsers send CRLF: test the real thing.
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n").replace("\n", "\r\n");
        }
    }

    @Test
    void parsesAChromiumAudioOffer() throws Exception {
        SessionDescription offer = SdpParser.parse(resource("chromium-156-audio-offer.sdp"));

        assertThat(offer.bundle()).containsExactly("0");
        assertThat(offer.media()).hasSize(1);
        MediaDescription audio = offer.media().get(0);
        assertThat(audio.kind()).isEqualTo("audio");
        assertThat(audio.port()).isEqualTo(9);
        assertThat(audio.protocol()).isEqualTo("UDP/TLS/RTP/SAVPF");
        assertThat(audio.formats()).containsExactly("111", "63", "9", "0", "8", "13", "110", "126");
        assertThat(audio.mid()).contains("0");
        assertThat(audio.direction()).isEqualTo(MediaDirection.SENDRECV);
        assertThat(audio.rtcpMux()).isTrue();
        assertThat(audio.ice().orElseThrow()).isEqualTo(new MediaDescription.IceCredentials("XVEa",
                "py9ma6uuL/jldN8SKLIu3v17"));
        assertThat(audio.fingerprint().orElseThrow().hashFunction()).isEqualTo("sha-256");
        assertThat(audio.fingerprint().orElseThrow().hex())
                .isEqualTo("4E:A7:0A:A2:50:5E:33:1D:34:21:49:B6:15:5C:CA:88:FD:82:47:40:1B:E6:6E:8B:E5:FC:7C:C5:47:AC:94:AE");
        assertThat(audio.setup()).contains(DtlsSetup.ACTPASS);
        assertThat(audio.rtpMap(111)).contains(new MediaDescription.RtpMap(111, "opus", 48_000, 2));
        assertThat(audio.rtpMap(110)).contains(new MediaDescription.RtpMap(110, "telephone-event", 48_000, 1));
        assertThat(audio.rtpMap(126)).contains(new MediaDescription.RtpMap(126, "telephone-event", 8_000, 1));
        assertThat(audio.fmtp()).containsEntry(111, "minptime=10;useinbandfec=1");
    }

    @Test
    void negotiatesOpusWithTelephoneEventAtFortyEightKilohertz() throws Exception {
        AudioNegotiation n = AudioNegotiation.negotiate(SdpParser.parse(resource("chromium-156-audio-offer.sdp")),
                PREFERENCE);

        assertThat(n.codec()).isEqualTo(new PayloadFormat("OPUS", 111, 48_000));
        assertThat(n.rtpmapChannels()).isEqualTo(2);
        assertThat(n.telephoneEvent()).contains(new PayloadFormat("telephone-event", 110, 48_000));
        assertThat(n.direction()).isEqualTo(MediaDirection.SENDRECV);
        assertThat(n.bundled()).isTrue();
        assertThat(n.remoteIce().ufrag()).isEqualTo("XVEa");
    }

    @Test
    void fallsBackToPcmuWithEightKilohertzEvents() throws Exception {
        AudioNegotiation n = AudioNegotiation.negotiate(SdpParser.parse(resource("chromium-156-audio-offer.sdp")),
                List.of("PCMU"));

        assertThat(n.codec()).isEqualTo(PayloadFormat.PCMU);
        assertThat(n.telephoneEvent()).contains(new PayloadFormat("telephone-event", 126, 8_000));
    }

    @Test
    void answersAudioAndRejectsVideoKeepingItsMid() throws Exception {
        SessionDescription offer = SdpParser.parse(resource("chromium-156-audio-video-offer.sdp"));
        AudioNegotiation n = AudioNegotiation.negotiate(offer, PREFERENCE);
        DtlsFingerprint ours = new DtlsFingerprint("sha-256", new byte[32]);
        AnswerWriter.Local local = new AnswerWriter.Local("123", 1, "abcdefgh", "0123456789abcdefghijklmn", ours,
                List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 40_000)), 0x1234L, "cname1", "s1", "t1");

        String answer = AnswerWriter.write(offer, n, local);

        assertThat(answer).contains("a=ice-lite\r\n", "a=group:BUNDLE 0\r\n", "m=audio 40000 UDP/TLS/RTP/SAVPF 111 110\r\n",
                "a=setup:passive\r\n", "a=rtcp-mux\r\n", "a=rtpmap:111 opus/48000/2\r\n",
                "a=rtpmap:110 telephone-event/48000\r\n", "a=candidate:1 1 udp 2130706431 127.0.0.1 40000 typ host",
                "a=end-of-candidates\r\n", "a=ssrc:4660 cname:cname1\r\n", "m=video 0 UDP/TLS/RTP/SAVPF 96\r\n");
        SessionDescription parsed = SdpParser.parse(answer);
        assertThat(parsed.media()).hasSize(2);
        assertThat(parsed.media().get(0).ice().orElseThrow().ufrag()).isEqualTo("abcdefgh");
        assertThat(parsed.media().get(0).fingerprint()).contains(ours);
        assertThat(parsed.media().get(0).setup()).contains(DtlsSetup.PASSIVE);
        assertThat(parsed.media().get(1).port()).isZero();
        assertThat(parsed.media().get(1).mid()).contains("1");
        assertThat(parsed.bundle()).containsExactly("0");
    }

    @Test
    void mirrorsTheOfferedDirection() throws Exception {
        String sendonly = resource("chromium-156-audio-offer.sdp").replace("a=sendrecv", "a=sendonly");
        assertThat(AudioNegotiation.negotiate(SdpParser.parse(sendonly), PREFERENCE).direction())
                .isEqualTo(MediaDirection.RECVONLY);
        String inactive = resource("chromium-156-audio-offer.sdp").replace("a=sendrecv", "a=inactive");
        assertThat(AudioNegotiation.negotiate(SdpParser.parse(inactive), PREFERENCE).direction())
                .isEqualTo(MediaDirection.INACTIVE);
    }

    @Test
    void rejectsWhatWeCannotAnswerWithTheReason() throws Exception {
        String offer = resource("chromium-156-audio-offer.sdp");
        assertProblem(offer.replace("a=rtcp-mux\r\n", ""), SdpException.Problem.UNSUPPORTED_TRANSPORT);
        assertProblem(offer.replace("a=setup:actpass", "a=setup:passive"), SdpException.Problem.UNSUPPORTED_TRANSPORT);
        assertProblem(offer.replaceAll("a=fingerprint:[^\r]*\r\n", ""), SdpException.Problem.UNSUPPORTED_TRANSPORT);
        assertProblem(offer.replaceAll("a=ice-pwd:[^\r]*\r\n", ""), SdpException.Problem.UNSUPPORTED_TRANSPORT);
        assertProblem(offer.replace("m=audio 9 UDP/TLS/RTP/SAVPF", "m=audio 0 UDP/TLS/RTP/SAVPF"),
                SdpException.Problem.NO_AUDIO);
        assertThatThrownBy(() -> AudioNegotiation.negotiate(SdpParser.parse(offer), List.of("G729")))
                .isInstanceOf(SdpException.class)
                .satisfies(e -> assertThat(((SdpException) e).problem()).isEqualTo(SdpException.Problem.NO_COMMON_CODEC));
    }

    @Test
    void malformedOffersAreTypedErrorsNeverRuntimeExceptions() {
        List<String> bad = List.of("", "hello", "v=1\r\n", "v=0\r\no=- 1 2 IN IP4 1.2.3.4\r\n",
                "v=0\r\nm=audio 9 RTP/AVP 0\r\n", "v=0\r\no=- 1 x IN IP4 1.2.3.4\r\nm=audio 9 RTP/AVP 0\r\n",
                "v=0\r\no=- 1 2 IN IP4 1.2.3.4\r\nm=audio 99999 RTP/AVP 0\r\n",
                "v=0\r\no=- 1 2 IN IP4 1.2.3.4\r\nm=audio 9 RTP/AVP 0\r\na=rtpmap:300 x/8000\r\n",
                "v=0\r\no=- 1 2 IN IP4 1.2.3.4\r\nm=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU\r\n",
                "v=0\r\no=- 1 2 IN IP4 1.2.3.4\r\nm=audio 9 RTP/AVP 0\r\na=fingerprint:sha-256 zz\r\n",
                "v=0\r\no=- 1 2 IN IP4 1.2.3.4\r\nm=audio 9 RTP/AVP 0\r\na=setup:sideways\r\n",
                "v=0\r\nbogus\r\n", "v=0\r\n" + "a=x\r\n".repeat(5000), "x".repeat(70_000));
        for (String sdp : bad) {
            assertThatThrownBy(() -> AudioNegotiation.negotiate(SdpParser.parse(sdp), PREFERENCE))
                    .as(sdp.length() > 60 ? sdp.substring(0, 60) : sdp)
                    .isInstanceOf(SdpException.class);
        }
    }

    private static void assertProblem(String sdp, SdpException.Problem problem) {
        assertThatThrownBy(() -> AudioNegotiation.negotiate(SdpParser.parse(sdp), PREFERENCE))
                .isInstanceOf(SdpException.class)
                .satisfies(e -> assertThat(((SdpException) e).problem()).as(e.getMessage()).isEqualTo(problem));
    }

    @Test
    void sessionLevelCredentialsApplyToSectionsWithoutTheirOwn() throws Exception {
        String sdp = "v=0\r\no=- 5 7 IN IP4 10.0.0.1\r\ns=-\r\nt=0 0\r\na=ice-ufrag:abcd\r\n"
                + "a=ice-pwd:0123456789012345678901\r\na=fingerprint:sha-256 " + "AB:".repeat(31) + "AB\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=rtcp-mux\r\n";
        AudioNegotiation n = AudioNegotiation.negotiate(SdpParser.parse(sdp), PREFERENCE);
        assertThat(n.codec()).isEqualTo(PayloadFormat.PCMU);
        assertThat(n.telephoneEvent()).isEqualTo(Optional.empty());
        assertThat(n.mid()).isEmpty();
        assertThat(n.bundled()).isFalse();
    }
}
