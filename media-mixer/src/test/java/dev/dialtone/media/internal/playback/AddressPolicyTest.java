package dev.dialtone.media.internal.playback;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.dialtone.media.FetchAllowRule;

class AddressPolicyTest {
    @Test
    void blocksInternalAddressesByDefault() throws Exception {
        AddressPolicy p = new AddressPolicy(false, List.of());
        for (String a : List.of("127.0.0.1", "10.0.0.1", "172.16.5.5", "192.168.1.1", "169.254.169.254", "100.64.0.1",
                "0.0.0.0", "::1", "fd00::1", "fe80::1", "::ffff:127.0.0.1")) {
            assertThat(p.allows(InetAddress.getByName(a), 80)).as(a).isFalse();
        }
        assertThat(p.allows(InetAddress.getByName("93.184.216.34"), 80)).isTrue();
        assertThat(p.allows(InetAddress.getByName("2606:2800:220:1::1"), 443)).isTrue();
    }

    @Test
    void allowListOpensExactlyWhatItNames() throws Exception {
        AddressPolicy p = new AddressPolicy(false, List.of(FetchAllowRule.parse("127.0.0.1:8080")));
        assertThat(p.allows(InetAddress.getByName("127.0.0.1"), 8080)).isTrue();
        assertThat(p.allows(InetAddress.getByName("127.0.0.1"), 22)).isFalse();
        assertThat(new AddressPolicy(true, List.of()).allows(InetAddress.getByName("10.0.0.1"), 80)).isTrue();
    }

    @Test
    void redactsQueryAndCredentials() {
        assertThat(AudioFetcher.redacted(java.net.URI.create("https://u:pw@example.com/a.mp3?token=s3cret")))
                .isEqualTo("https://example.com/a.mp3?…");
    }
}
