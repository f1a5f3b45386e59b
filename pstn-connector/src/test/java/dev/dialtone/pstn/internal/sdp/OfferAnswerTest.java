package dev.dialtone.pstn.internal.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.dialtone.media.MediaDirection;
import dev.dialtone.media.PayloadFormat;

class OfferAnswerTest {
    static final List<PayloadFormat> SUPPORTED = List.of(PayloadFormat.PCMU, PayloadFormat.PCMA);
    static final LocalMedia LOCAL = new LocalMedia(InetAddress.getLoopbackAddress(), 20_000, 20_001, 42, 1);

    static SessionDescription sdp(String... lines) throws SdpException {
        return SdpParser.parse(String.join("\r\n", lines) + "\r\n");
    }

    static SessionDescription offer(String mline, String... attrs) throws SdpException {
        String[] head = {"v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "c=IN IP4 192.0.2.1", "t=0 0", mline};
        String[] all = new String[head.length + attrs.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(attrs, 0, all, head.length, attrs.length);
        return sdp(all);
    }

    @Test
    void answersWithTheOfferersFirstSupportedCodecAndItsTelephoneEventType() throws Exception {
        OfferAnswer.Result r = OfferAnswer.answer(offer("m=audio 4000 RTP/AVP 18 8 0 96", "a=rtpmap:96 telephone-event/8000",
                "a=fmtp:96 0-15", "a=ptime:30"), LOCAL, SUPPORTED);
        assertThat(r.parameters().audio()).isEqualTo(PayloadFormat.PCMA);
        assertThat(r.parameters().telephoneEvent()).contains(PayloadFormat.telephoneEvent(96));
        assertThat(r.parameters().remote().getPort()).isEqualTo(4000);
        assertThat(r.parameters().remote().getAddress().getHostAddress()).isEqualTo("192.0.2.1");
        assertThat(r.parameters().ptimeMs()).isEqualTo(30);
        assertThat(r.parameters().direction()).isEqualTo(MediaDirection.SENDRECV);
        assertThat(r.remoteHold()).isFalse();
        String answer = r.sdp().orElseThrow();
        assertThat(answer).contains("m=audio 20000 RTP/AVP 8 96\r\n", "a=rtpmap:8 PCMA/8000", "a=rtpmap:96 telephone-event/8000",
                "a=sendrecv", "c=IN IP4 127.0.0.1");
        // the answer is valid SDP in turn
        assertThat(SdpParser.parse(answer).media()).hasSize(1);
    }

    @Test
    void matchesDynamicPayloadTypesByName() throws Exception {
        OfferAnswer.Result r = OfferAnswer.answer(offer("m=audio 4000 RTP/AVP 112", "a=rtpmap:112 pcmu/8000"), LOCAL, SUPPORTED);
        assertThat(r.parameters().audio()).isEqualTo(new PayloadFormat("PCMU", 112, 8000));
        assertThat(r.parameters().telephoneEvent()).isEmpty();
    }

    @Test
    void refusesAnOfferWithoutACommonCodec() {
        assertThatThrownBy(() -> OfferAnswer.answer(offer("m=audio 4000 RTP/AVP 18", "a=rtpmap:18 G729/8000"), LOCAL, SUPPORTED))
                .isInstanceOf(SdpException.class).hasMessageContaining("no common audio codec")
                .satisfies(e -> assertThat(((SdpException) e).notAcceptable()).isTrue());
    }

    @Test
    void refusesSecureOrMissingAudio() {
        assertThatThrownBy(() -> OfferAnswer.answer(offer("m=audio 4000 RTP/SAVP 0"), LOCAL, SUPPORTED))
                .hasMessageContaining("RTP/SAVP");
        assertThatThrownBy(() -> OfferAnswer.answer(offer("m=video 4000 RTP/AVP 31"), LOCAL, SUPPORTED))
                .hasMessageContaining("no audio stream");
    }

    @Test
    void rejectsOtherStreamsWithPortZeroAndKeepsTheirOrder() throws Exception {
        OfferAnswer.Result r = OfferAnswer.answer(sdp("v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "c=IN IP4 192.0.2.1", "t=0 0",
                "m=video 5000 RTP/AVP 31", "m=audio 4000 RTP/AVP 0"), LOCAL, SUPPORTED);
        String answer = r.sdp().orElseThrow();
        assertThat(answer.indexOf("m=video 0 RTP/AVP 31")).isPositive().isLessThan(answer.indexOf("m=audio 20000"));
    }

    @Test
    void mirrorsHoldDirections() throws Exception {
        OfferAnswer.Result sendonly = OfferAnswer.answer(offer("m=audio 4000 RTP/AVP 0", "a=sendonly"), LOCAL, SUPPORTED);
        assertThat(sendonly.remoteHold()).isTrue();
        assertThat(sendonly.parameters().direction()).isEqualTo(MediaDirection.RECVONLY);
        assertThat(sendonly.sdp().orElseThrow()).contains("a=recvonly");

        OfferAnswer.Result inactive = OfferAnswer.answer(offer("m=audio 4000 RTP/AVP 0", "a=inactive"), LOCAL, SUPPORTED);
        assertThat(inactive.remoteHold()).isTrue();
        assertThat(inactive.parameters().direction()).isEqualTo(MediaDirection.INACTIVE);

        OfferAnswer.Result old = OfferAnswer.answer(sdp("v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "c=IN IP4 0.0.0.0", "t=0 0",
                "m=audio 4000 RTP/AVP 0"), LOCAL, SUPPORTED);
        assertThat(old.remoteHold()).as("RFC 2543 hold: c=0.0.0.0").isTrue();
        assertThat(old.parameters().direction().sends()).isFalse();

        OfferAnswer.Result recvonly = OfferAnswer.answer(offer("m=audio 4000 RTP/AVP 0", "a=recvonly"), LOCAL, SUPPORTED);
        assertThat(recvonly.remoteHold()).isFalse();
        assertThat(recvonly.parameters().direction()).isEqualTo(MediaDirection.SENDONLY);
    }

    @Test
    void sessionLevelDirectionAndConnectionApplyToMedia() throws Exception {
        OfferAnswer.Result r = OfferAnswer.answer(sdp("v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "c=IN IP4 192.0.2.9", "t=0 0",
                "a=sendonly", "m=audio 4000 RTP/AVP 0"), LOCAL, SUPPORTED);
        assertThat(r.remoteHold()).isTrue();
        assertThat(r.parameters().remote().getAddress().getHostAddress()).isEqualTo("192.0.2.9");
    }

    @Test
    void ourOfferListsEveryCodecAndTelephoneEvent() throws Exception {
        String offer = OfferAnswer.offer(LOCAL, SUPPORTED);
        assertThat(offer).contains("m=audio 20000 RTP/AVP 0 8 101\r\n", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-16",
                "a=sendrecv");
        OfferAnswer.Result r = OfferAnswer.accept(offer("m=audio 6000 RTP/AVP 8 101", "a=rtpmap:101 telephone-event/8000"),
                SUPPORTED);
        assertThat(r.parameters().audio()).isEqualTo(PayloadFormat.PCMA);
        assertThat(r.parameters().telephoneEvent()).contains(PayloadFormat.telephoneEvent(101));
        assertThat(r.sdp()).isEmpty();
    }

    @Test
    void aSeparateRtcpPortIsAdvertised() {
        LocalMedia odd = new LocalMedia(InetAddress.getLoopbackAddress(), 20_000, 31_337, 1, 1);
        assertThat(OfferAnswer.offer(odd, SUPPORTED)).contains("a=rtcp:31337");
        assertThat(OfferAnswer.offer(LOCAL, SUPPORTED)).doesNotContain("a=rtcp:");
    }

    @Test
    void ptimeIsClampedToWhatTheEndpointSends() throws Exception {
        assertThat(OfferAnswer.answer(offer("m=audio 4000 RTP/AVP 0", "a=ptime:5"), LOCAL, SUPPORTED).parameters().ptimeMs())
                .isEqualTo(10);
        assertThat(OfferAnswer.answer(offer("m=audio 4000 RTP/AVP 0", "a=ptime:200"), LOCAL, SUPPORTED).parameters().ptimeMs())
                .isEqualTo(60);
        assertThat(OfferAnswer.answer(offer("m=audio 4000 RTP/AVP 0", "a=ptime:24"), LOCAL, SUPPORTED).parameters().ptimeMs())
                .isEqualTo(20);
    }
}
