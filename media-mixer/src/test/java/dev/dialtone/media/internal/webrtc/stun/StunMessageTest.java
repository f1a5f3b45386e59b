package dev.dialtone.media.internal.webrtc.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.dialtone.media.internal.rtp.MalformedPacketException;

/** STUN framing, MESSAGE-INTEGRITY and FINGERPRINT against the RFC 5769 test vectors. */
class StunMessageTest {
    private static final byte[] PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TXID = HexFormat.of().parseHex("b7e7a701bc34d686fa87dfae");

    /** RFC 5769 section 2.1: a Binding request with SOFTWARE, PRIORITY, ICE-CONTROLLED, USERNAME, MI, FINGERPRINT. */
    static final byte[] SAMPLE_REQUEST = HexFormat.of().parseHex(
            "00010058" + "2112a442" + "b7e7a701bc34d686fa87dfae"
                    + "80220010" + "5354554e207465737420636c69656e74"
                    + "00240004" + "6e0001ff"
                    + "80290008" + "932ff9b151263b36"
                    + "00060009" + "6576746a3a68367659202020"
                    + "00080014" + "9aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2"
                    + "80280004" + "e57a3bcf");

    /** RFC 5769 section 2.2: a success response mapping 192.0.2.1:32853. */
    static final byte[] SAMPLE_IPV4_RESPONSE = HexFormat.of().parseHex(
            "0101003c" + "2112a442" + "b7e7a701bc34d686fa87dfae"
                    + "8022000b" + "7465737420766563746f7220"
                    + "00200008" + "0001a147e112a643"
                    + "00080014" + "2b91f599fd9e90c38c7489f92af9ba53f06be7d7"
                    + "80280004" + "c07d4c96");

    /** RFC 5769 section 2.3: a success response mapping [2001:db8:1234:5678:11:2233:4455:6677]:32853. */
    static final byte[] SAMPLE_IPV6_RESPONSE = HexFormat.of().parseHex(
            "01010048" + "2112a442" + "b7e7a701bc34d686fa87dfae"
                    + "8022000b" + "7465737420766563746f7220"
                    + "00200014" + "0002a1470113a9faa5d3f179bc25f4b5bed2b9d9"
                    + "00080014" + "a382954e4be67bf11784c97c8292c275bfe3ed41"
                    + "80280004" + "c8fb0b4c");

    @Test
    void parsesTheSampleRequestAndVerifiesItsIntegrity() throws Exception {
        StunMessage m = StunMessage.parse(SAMPLE_REQUEST, 0, SAMPLE_REQUEST.length);

        assertThat(m.method()).isEqualTo(StunMessage.BINDING);
        assertThat(m.kind()).isEqualTo(StunMessage.Kind.REQUEST);
        assertThat(m.transactionId()).isEqualTo(TXID);
        assertThat(m.attribute(StunAttribute.Software.class)).contains(new StunAttribute.Software("STUN test client"));
        assertThat(m.attribute(StunAttribute.Priority.class)).contains(new StunAttribute.Priority(0x6e0001ffL));
        assertThat(m.attribute(StunAttribute.IceControlled.class))
                .contains(new StunAttribute.IceControlled(0x932ff9b151263b36L));
        assertThat(m.attribute(StunAttribute.Username.class)).contains(new StunAttribute.Username("evtj:h6vY"));
        assertThat(m.attribute(StunAttribute.Fingerprint.class)).contains(new StunAttribute.Fingerprint(0xe57a3bcfL));
        assertThat(m.integrityMatches(PASSWORD)).isTrue();
        assertThat(m.integrityMatches("wrong".getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void parsesTheSampleIpv4ResponseWithItsMappedAddress() throws Exception {
        StunMessage m = StunMessage.parse(SAMPLE_IPV4_RESPONSE, 0, SAMPLE_IPV4_RESPONSE.length);

        assertThat(m.kind()).isEqualTo(StunMessage.Kind.SUCCESS_RESPONSE);
        assertThat(m.attribute(StunAttribute.XorMappedAddress.class).orElseThrow().address())
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853));
        assertThat(m.attribute(StunAttribute.Software.class)).contains(new StunAttribute.Software("test vector"));
        assertThat(m.integrityMatches(PASSWORD)).isTrue();
    }

    @Test
    void parsesTheSampleIpv6Response() throws Exception {
        StunMessage m = StunMessage.parse(SAMPLE_IPV6_RESPONSE, 0, SAMPLE_IPV6_RESPONSE.length);

        assertThat(m.attribute(StunAttribute.XorMappedAddress.class).orElseThrow().address())
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853));
        assertThat(m.integrityMatches(PASSWORD)).isTrue();
    }

    @Test
    void encodesTheSampleResponseValuesBackToTheSameWireBytesUpToPadding() throws Exception {
        // The vector pads SOFTWARE with a space where we pad with zero: the rest must be identical.
        byte[] ours = StunMessage.encode(StunMessage.BINDING, StunMessage.Kind.SUCCESS_RESPONSE, TXID,
                List.of(new StunAttribute.Software("test vector"),
                        new StunAttribute.XorMappedAddress(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853))),
                Optional.of(PASSWORD));

        assertThat(ours).hasSize(SAMPLE_IPV4_RESPONSE.length);
        byte[] vectorZeroPadded = SAMPLE_IPV4_RESPONSE.clone();
        vectorZeroPadded[20 + 4 + 11] = 0;
        // Header, SOFTWARE and XOR-MAPPED-ADDRESS match byte for byte once the padding agrees.
        assertThat(java.util.Arrays.copyOf(ours, 48)).isEqualTo(java.util.Arrays.copyOf(vectorZeroPadded, 48));
        StunMessage back = StunMessage.parse(ours, 0, ours.length);
        assertThat(back.integrityMatches(PASSWORD)).isTrue();
        assertThat(back.attributes()).hasSize(4);
    }

    @Test
    void roundTripsEveryAttributeWeWrite() throws Exception {
        byte[] txid = new byte[12];
        txid[3] = 7;
        List<StunAttribute> attrs = List.of(new StunAttribute.Username("abcd:efgh"), new StunAttribute.Priority(1845501695L),
                new StunAttribute.UseCandidate(), new StunAttribute.IceControlling(-42L),
                new StunAttribute.ErrorCode(487, "Role Conflict"), new StunAttribute.UnknownAttributes(new int[] {0x0031}),
                new StunAttribute.Unknown(0xC057, new byte[] {0, 1, 0, 2}));
        byte[] wire = StunMessage.encode(StunMessage.BINDING, StunMessage.Kind.ERROR_RESPONSE, txid, attrs,
                Optional.of(PASSWORD));

        StunMessage m = StunMessage.parse(wire, 0, wire.length);

        assertThat(m.kind()).isEqualTo(StunMessage.Kind.ERROR_RESPONSE);
        assertThat(m.attributes().subList(0, attrs.size())).isEqualTo(attrs);
        assertThat(m.integrityMatches(PASSWORD)).isTrue();
        assertThat(m.unknownRequiredTypes()).isEmpty();
    }

    @Test
    void rejectsACorruptedFingerprintAndBadFraming() {
        byte[] corrupt = SAMPLE_REQUEST.clone();
        corrupt[30] ^= 1; // inside SOFTWARE: the CRC no longer matches
        assertThatThrownBy(() -> StunMessage.parse(corrupt, 0, corrupt.length))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("FINGERPRINT");

        byte[] noCookie = SAMPLE_REQUEST.clone();
        noCookie[4] = 0;
        assertThatThrownBy(() -> StunMessage.parse(noCookie, 0, noCookie.length))
                .isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> StunMessage.parse(SAMPLE_REQUEST, 0, SAMPLE_REQUEST.length - 4))
                .isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> StunMessage.parse(new byte[10], 0, 10)).isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void aChangedByteBeforeTheIntegrityFailsItsCheck() throws Exception {
        byte[] txid = new byte[12];
        byte[] wire = StunMessage.encode(StunMessage.BINDING, StunMessage.Kind.REQUEST, txid,
                List.of(new StunAttribute.Username("a:b")), Optional.of(PASSWORD));
        // Flip a byte of USERNAME and recompute nothing: the FINGERPRINT fails first, so drop it to reach MI.
        byte[] withoutFingerprint = java.util.Arrays.copyOf(wire, wire.length - 8);
        withoutFingerprint[3] = (byte) (withoutFingerprint.length - 20);
        StunMessage intact = StunMessage.parse(withoutFingerprint, 0, withoutFingerprint.length);
        assertThat(intact.integrityMatches(PASSWORD)).isTrue();

        withoutFingerprint[24] = 'z';
        StunMessage tampered = StunMessage.parse(withoutFingerprint, 0, withoutFingerprint.length);
        assertThat(tampered.integrityMatches(PASSWORD)).isFalse();
    }
}
