package dev.dialtone.platform.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.dialtone.platform.PlatformException;

class CidrsTest {
    @Test
    void canonicalisesAddressesAndBlocks() throws PlatformException {
        assertThat(Cidrs.parse("f", List.of("192.0.2.10", "198.51.100.77/24", "10.1.2.3/8", "2001:db8::1/32", "::1")))
                .containsExactly("192.0.2.10/32", "198.51.100.0/24", "10.0.0.0/8", "2001:db8:0:0:0:0:0:0/32", "0:0:0:0:0:0:0:1/128");
    }

    @Test
    void refusesHostNamesAndBadPrefixes() {
        for (String bad : new String[] {"example.com", "1.2.3", "1.2.3.4/33", "1.2.3.4/x", "", "300.1.1.1", "::1/129"}) {
            assertThatThrownBy(() -> Cidrs.parse("allowed_sources", List.of(bad))).as(bad).isInstanceOf(PlatformException.class);
        }
    }

    @Test
    void namesRefuseControlCharacters() {
        assertThatThrownBy(() -> Names.text("name", "a\tb", 10)).hasMessageContaining("U+0009");
        assertThatThrownBy(() -> Names.text("name", "a\u202Eb", 10)).hasMessageContaining("U+202E");
        assertThatThrownBy(() -> Names.applicationName("name", "Bad Name")).hasMessageContaining("lower-case");
    }

    @Test
    void containsMatchesTheBlocksParseStores() throws Exception {
        String block = Cidrs.parse("s", List.of("198.51.100.7/24")).getFirst();
        assertThat(Cidrs.contains(block, java.net.InetAddress.getByName("198.51.100.200"))).isTrue();
        assertThat(Cidrs.contains(block, java.net.InetAddress.getByName("198.51.101.1"))).isFalse();
        String host = Cidrs.parse("s", List.of("127.0.0.1")).getFirst();
        assertThat(Cidrs.contains(host, java.net.InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(Cidrs.contains(host, java.net.InetAddress.getByName("127.0.0.2"))).isFalse();
        String v6 = Cidrs.parse("s", List.of("2001:db8::/32")).getFirst();
        assertThat(Cidrs.contains(v6, java.net.InetAddress.getByName("2001:db8:1::5"))).isTrue();
        assertThat(Cidrs.contains(v6, java.net.InetAddress.getByName("198.51.100.200"))).as("other family").isFalse();
        assertThat(Cidrs.contains("0.0.0.0/0", java.net.InetAddress.getByName("203.0.113.9"))).isTrue();
        assertThat(Cidrs.contains("garbage", java.net.InetAddress.getByName("203.0.113.9"))).isFalse();
        assertThat(Cidrs.contains("example.com/24", java.net.InetAddress.getByName("203.0.113.9"))).as("never a DNS lookup")
                .isFalse();
    }
}
