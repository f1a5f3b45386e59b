package dev.dialtone.pstn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PstnConfigTest {
    @Test
    void defaultsAreBounded() {
        PstnConfig c = PstnConfig.defaults();
        assertThat(c.port()).isEqualTo(5060);
        assertThat(c.transports()).containsExactlyInAnyOrder("udp", "tcp");
        assertThat(c.maxMessageBytes()).isEqualTo(PstnConfig.DEFAULT_MAX_MESSAGE_BYTES);
        assertThat(c.alertingTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.appDomain()).isEqualTo("dialtone.local");
    }

    @Test
    void refusesUnboundedOrNonsensicalValues() {
        assertThatThrownBy(() -> PstnConfig.builder().port(70_000).build()).hasMessageContaining("sip.port");
        assertThatThrownBy(() -> PstnConfig.builder().transports(Set.of("tls")).build()).hasMessageContaining("sip.transports");
        assertThatThrownBy(() -> PstnConfig.builder().maxMessageBytes(1_000_000).build()).hasMessageContaining("max-message-bytes");
        assertThatThrownBy(() -> PstnConfig.builder().stackThreads(0).build()).hasMessageContaining("sip.threads");
        assertThatThrownBy(() -> PstnConfig.builder().alertingTimeout(Duration.ZERO).build()).hasMessageContaining("alerting-timeout");
        assertThatThrownBy(() -> PstnConfig.builder().appDomain("Bad_Domain").build()).hasMessageContaining("app-domain");
        assertThatThrownBy(() -> PstnConfig.builder().userAgent("x\r\ny").build()).hasMessageContaining("user-agent");
    }

    @Test
    void toBuilderKeepsEverySetting() {
        PstnConfig c = PstnConfig.builder().port(5070).maxLiveCalls(12).invitesPerSecond(3).recordTimeout(Duration.ofSeconds(2))
                .advertisedAddress(java.net.InetAddress.getLoopbackAddress()).userAgent("X").build();
        assertThat(c.toBuilder().build()).isEqualTo(c);
        assertThat(c.toBuilder().port(0).build().maxLiveCalls()).isEqualTo(12);
    }
}
