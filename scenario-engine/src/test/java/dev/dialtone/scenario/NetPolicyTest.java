package dev.dialtone.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NetPolicyTest {
    private final NetPolicy policy = NetPolicy.DEFAULT;

    @ParameterizedTest
    @ValueSource(strings = {
        "http://127.0.0.1/", "http://127.1.2.3:8080/x", "http://localhost/", "http://LOCALHOST./", "http://api.localhost/",
        "http://10.0.0.1/", "http://172.16.5.4/", "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/", "http://0.0.0.0/", "http://224.0.0.1/", "http://255.255.255.255/", "http://198.18.0.1/",
        "http://[::1]/", "http://[::]/", "http://[fe80::1]/", "http://[fc00::1]/", "http://[fd12:3456::1]/", "http://[ff02::1]/",
        "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/", "http://[::ffff:169.254.169.254]/", "http://[::ffff:10.0.0.1]/",
        "http://[::127.0.0.1]/", "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:c0a8:0101::1]/", "http://[2002:7f00:0001::]/"})
    void refusesLoopbackLinkLocalPrivateAndReservedLiterals(String url) {
        assertThat(policy.refuseUrl(URI.create(url))).as(url).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://2130706433/", "http://0x7f000001/", "http://0x7f.1/", "http://0177.0.0.1/", "http://017700000001/",
        "http://127.1/", "http://10.1/", "http://0x0a.0.0.1/", "http://010.0.0.1/", "http://1.2.3.04/", "http://3232235777/"})
    void refusesNumericAddressesInAnyFormButTheCanonicalDottedQuad(String url) {
        // Some of these are not even hosts to java.net.URI ("the URL has no host"): refused either way.
        assertThat(policy.refuseUrl(URI.create(url))).as(url).hasValueSatisfying(r -> assertThat(r).containsAnyOf("ambiguous", "no host"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://api.example.com/v1?x=1", "http://93.184.216.34/", "https://8.8.8.8/", "http://[2606:4700::1111]/",
        "http://0xdead.example.com/", "http://1.2.3.4.nip.example/"})
    void allowsPublicAddressesAndNames(String url) {
        assertThat(policy.refuseUrl(URI.create(url))).as(url).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/", "file:///etc/passwd", "gopher://example.com/", "jar:http://x/!/", "javascript:alert(1)"})
    void refusesOtherSchemes(String url) {
        assertThat(policy.refuseUrl(URI.create(url))).as(url).hasValue("only http and https URLs are allowed");
    }

    @Test
    void refusesANameWhenAnyOfItsAddressesIsPrivate() throws UnknownHostException {
        InetAddress publicOne = InetAddress.getByAddress("evil.example.com", new byte[] {93, (byte) 184, (byte) 216, 34});
        InetAddress metadata = InetAddress.getByAddress("evil.example.com", new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254});
        InetAddress mapped = InetAddress.getByAddress("evil.example.com",
                new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 1});
        assertThat(policy.refuseResolved("evil.example.com", List.of(publicOne, metadata)))
                .hasValueSatisfying(r -> assertThat(r).contains("169.254.169.254 is a link-local address"));
        assertThat(policy.refuseResolved("evil.example.com", List.of(mapped))).isPresent();
        assertThat(policy.refuseResolved("evil.example.com", List.of())).hasValue("evil.example.com has no address");
        assertThat(policy.refuseResolved("good.example.com", List.of(publicOne))).isEmpty();
    }

    @Test
    void developmentSetupsMayAllowPrivateAddresses() {
        NetPolicy open = new NetPolicy(true, Duration.ofSeconds(5), 4096);
        assertThat(open.refuseUrl(URI.create("http://127.0.0.1:8080/"))).isEmpty();
        assertThat(open.refuseUrl(URI.create("ftp://127.0.0.1/"))).isPresent();
    }

    @Test
    void validatesItsSettings() {
        assertThatThrownBy(() -> new NetPolicy(false, Duration.ZERO, 4096)).hasMessageContaining("net.request-timeout");
        assertThatThrownBy(() -> new NetPolicy(false, Duration.ofMinutes(11), 4096)).hasMessageContaining("net.request-timeout");
        assertThatThrownBy(() -> new NetPolicy(false, Duration.ofSeconds(1), 10)).hasMessageContaining("net.max-response-bytes");
    }
}
