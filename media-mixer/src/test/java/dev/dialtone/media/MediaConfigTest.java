package dev.dialtone.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class MediaConfigTest {
    @Test
    void defaultsAreValid() {
        MediaConfig c = MediaConfig.defaults();
        assertThat(c.rtpPorts()).isEqualTo(new PortRange(10_000, 20_000));
        assertThat(c.mixerThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(c.mixerNice()).isEqualTo(-5);
        assertThat(c.fetchPrivateAddresses()).isFalse();
        assertThat(c.fetchAllowList()).isEmpty();
        assertThat(c.webrtcAddresses()).isEmpty();
        assertThat(c.webrtcCodecs()).containsExactly("OPUS", "PCMU", "PCMA");
        assertThat(c.webrtcHandshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.webrtcConsentTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.silenceSuppression()).isFalse();
    }

    @Test
    void toBuilderKeepsEverySetting() {
        MediaConfig c = MediaConfig.builder().mixerThreads(3).mixerNice(-2).jitterMaxMs(120).fetchAllowList(List.of("127.0.0.1:8080"))
                .webrtcCodecs(List.of("PCMU")).ttsPoolSize(5).silenceSuppression(true).build();
        assertThat(c.toBuilder().build()).isEqualTo(c);
        assertThat(c.toBuilder().ioThreads(7).build().fetchAllowList()).containsExactly("127.0.0.1:8080");
    }

    @Test
    void webrtcKeysAreValidated() throws Exception {
        assertThat(MediaConfig.builder().webrtcCodecs(List.of("pcmu", "opus")).build().webrtcCodecs())
                .containsExactly("PCMU", "OPUS");
        assertThatThrownBy(() -> MediaConfig.builder().webrtcCodecs(List.of("G729")).build())
                .hasMessageContaining("webrtc-codecs");
        assertThatThrownBy(() -> MediaConfig.builder().webrtcCodecs(List.of()).build())
                .hasMessageContaining("webrtc-codecs");
        assertThatThrownBy(() -> MediaConfig.builder().webrtcCodecs(List.of("OPUS", "opus")).build())
                .hasMessageContaining("webrtc-codecs");
        assertThatThrownBy(() -> MediaConfig.builder().webrtcAddresses(List.of(InetAddress.getByName("0.0.0.0"))).build())
                .hasMessageContaining("webrtc-addresses");
        assertThatThrownBy(() -> MediaConfig.builder().webrtcHandshakeTimeout(Duration.ofMillis(10)).build())
                .hasMessageContaining("webrtc-handshake-timeout");
        assertThatThrownBy(() -> MediaConfig.builder().webrtcConsentTimeout(Duration.ofSeconds(1)).build())
                .hasMessageContaining("webrtc-consent-timeout");
    }

    @Test
    void rejectsBadValuesWithTheKeyName() {
        assertThatThrownBy(() -> MediaConfig.builder().mixerThreads(0).build()).hasMessageContaining("mixer-threads");
        assertThatThrownBy(() -> MediaConfig.builder().mixerNice(-21).build()).hasMessageContaining("mixer-nice must be -20..19");
        assertThatThrownBy(() -> MediaConfig.builder().mixerNice(20).build()).hasMessageContaining("mixer-nice");
        assertThatThrownBy(() -> MediaConfig.builder().rtpTimeout(Duration.ZERO).build()).hasMessageContaining("rtp-timeout");
        assertThatThrownBy(() -> MediaConfig.builder().jitterMaxMs(10).build()).hasMessageContaining("jitter-max-ms");
        assertThatThrownBy(() -> MediaConfig.builder().fetchAllowList(List.of("example.com:80")).build())
                .hasMessageContaining("IP literals");
        assertThatThrownBy(() -> PortRange.parse("20000-10000")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PortRange.parse("80-90")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void portRangeCountsPairs() {
        assertThat(PortRange.parse("10000-10003").pairs()).isEqualTo(2);
        assertThat(PortRange.parse("10001-10004").pairs()).isEqualTo(1);
        assertThat(PortRange.parse("0").ephemeral()).isTrue();
    }

    @Test
    void allowRulesMatchHostPortAndCidr() throws Exception {
        FetchAllowRule exact = FetchAllowRule.parse("127.0.0.1:8080");
        assertThat(exact.allows(InetAddress.getByName("127.0.0.1"), 8080)).isTrue();
        assertThat(exact.allows(InetAddress.getByName("127.0.0.1"), 8081)).isFalse();
        FetchAllowRule cidr = FetchAllowRule.parse("10.1.0.0/16");
        assertThat(cidr.allows(InetAddress.getByName("10.1.200.3"), 1)).isTrue();
        assertThat(cidr.allows(InetAddress.getByName("10.2.0.1"), 1)).isFalse();
        assertThat(FetchAllowRule.parse("[::1]:8080").allows(InetAddress.getByName("::1"), 8080)).isTrue();
    }

    @Test
    void rtpParametersDeriveRtcpAddress() {
        InetSocketAddress remote = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40_000);
        RtpParameters p = RtpParameters.of(remote, PayloadFormat.PCMA);
        assertThat(p.effectiveRemoteRtcp().getPort()).isEqualTo(40_001);
        assertThatThrownBy(() -> p.withPtime(25)).hasMessageContaining("ptime");
        assertThatThrownBy(() -> new RtpParameters(remote, java.util.Optional.empty(), PayloadFormat.PCMU,
                java.util.Optional.of(PayloadFormat.telephoneEvent(0)), 20, MediaDirection.SENDRECV, false))
                .hasMessageContaining("share payload type");
    }
}
