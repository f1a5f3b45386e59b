package dev.dialtone.media.internal.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.dialtone.media.internal.webrtc.stun.StunAttribute;
import dev.dialtone.media.internal.webrtc.stun.StunMessage;

/** The ICE-lite agent answering a controlling browser's checks. */
class IceLiteAgentTest {
    private static final String UFRAG = "srvr";
    private static final String PASSWORD = "0123456789abcdefghijklmn";
    private static final String BROWSER = "brws";
    private final IceLiteAgent agent = new IceLiteAgent(UFRAG, PASSWORD, BROWSER);
    private final InetSocketAddress from = new InetSocketAddress(InetAddress.getLoopbackAddress(), 50_000);
    private final InetSocketAddress other = new InetSocketAddress(InetAddress.getLoopbackAddress(), 50_002);

    private static byte[] request(String username, String key, boolean useCandidate, StunAttribute... extra) {
        List<StunAttribute> attrs = new ArrayList<>();
        if (username != null) {
            attrs.add(new StunAttribute.Username(username));
        }
        attrs.add(new StunAttribute.Priority(1_845_501_695L));
        attrs.add(new StunAttribute.IceControlling(7));
        if (useCandidate) {
            attrs.add(new StunAttribute.UseCandidate());
        }
        attrs.addAll(List.of(extra));
        return StunMessage.encode(StunMessage.BINDING, StunMessage.Kind.REQUEST, new byte[12], attrs,
                key == null ? Optional.empty() : Optional.of(key.getBytes(StandardCharsets.UTF_8)));
    }

    private StunMessage answer(byte[] request, InetSocketAddress source, long now) throws Exception {
        byte[] r = agent.onStun(request, 0, request.length, source, now).response().orElseThrow();
        return StunMessage.parse(r, 0, r.length);
    }

    private static int code(StunMessage m) {
        return m.attribute(StunAttribute.ErrorCode.class).orElseThrow().code();
    }

    @Test
    void aValidCheckIsAnsweredWithTheMappedAddressAndIntegrity() throws Exception {
        StunMessage r = answer(request(UFRAG + ":" + BROWSER, PASSWORD, false), from, 1);

        assertThat(r.kind()).isEqualTo(StunMessage.Kind.SUCCESS_RESPONSE);
        assertThat(r.attribute(StunAttribute.XorMappedAddress.class).orElseThrow().address()).isEqualTo(from);
        assertThat(r.integrityMatches(PASSWORD.getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(r.has(StunAttribute.Fingerprint.class)).isTrue();
        assertThat(agent.isValidated(from)).isTrue();
        assertThat(agent.nominated()).isFalse();
        assertThat(agent.destination()).contains(from);
    }

    @Test
    void useCandidateNominatesAndTheLatestNominationWins() throws Exception {
        answer(request(UFRAG + ":" + BROWSER, PASSWORD, true), from, 1);
        assertThat(agent.nominated()).isTrue();
        assertThat(agent.lastConsentNanos()).isEqualTo(1);

        answer(request(UFRAG + ":" + BROWSER, PASSWORD, false), other, 2);
        assertThat(agent.destination()).as("a check alone does not move media").contains(from);
        answer(request(UFRAG + ":" + BROWSER, PASSWORD, false), from, 3);
        assertThat(agent.lastConsentNanos()).as("consent refreshed on the selected pair").isEqualTo(3);

        answer(request(UFRAG + ":" + BROWSER, PASSWORD, true), other, 4);
        assertThat(agent.destination()).contains(other);
    }

    @Test
    void wrongCredentialsGet401AndValidateNothing() throws Exception {
        assertThat(code(answer(request(UFRAG + ":" + BROWSER, "wrong-password-here-123", true), from, 1))).isEqualTo(401);
        assertThat(code(answer(request("nope:" + BROWSER, PASSWORD, true), from, 1))).isEqualTo(401);
        assertThat(code(answer(request(UFRAG + ":someone", PASSWORD, true), from, 1))).isEqualTo(401);
        assertThat(agent.isValidated(from)).isFalse();
        assertThat(agent.destination()).isEmpty();
    }

    @Test
    void malformedChecksGetTheirErrorCodes() throws Exception {
        assertThat(code(answer(request(null, PASSWORD, true), from, 1))).as("no USERNAME").isEqualTo(400);
        assertThat(code(answer(request(UFRAG + ":" + BROWSER, null, true), from, 1))).as("no MI").isEqualTo(400);
        StunMessage unknown = answer(request(UFRAG + ":" + BROWSER, PASSWORD, true,
                new StunAttribute.Unknown(0x0031, new byte[4])), from, 1);
        assertThat(code(unknown)).isEqualTo(420);
        assertThat(unknown.attribute(StunAttribute.UnknownAttributes.class).orElseThrow().types()).containsExactly(0x0031);
        StunMessage conflict = answer(request(UFRAG + ":" + BROWSER, PASSWORD, true,
                new StunAttribute.IceControlled(1)), from, 1);
        assertThat(code(conflict)).isEqualTo(487);
        assertThat(agent.isValidated(from)).isFalse();
    }

    @Test
    void comprehensionOptionalAttributesLikeChromesAreIgnored() throws Exception {
        StunMessage r = answer(request(UFRAG + ":" + BROWSER, PASSWORD, true,
                new StunAttribute.Unknown(0xC057, new byte[] {0, 1, 0, 10})), from, 1);
        assertThat(r.kind()).isEqualTo(StunMessage.Kind.SUCCESS_RESPONSE);
    }

    @Test
    void garbageResponsesAndIndicationsGetNoAnswer() {
        byte[] junk = {0, 1, 0, 0, 1, 2, 3};
        assertThat(agent.onStun(junk, 0, junk.length, from, 1).response()).isEmpty();
        byte[] indication = StunMessage.encode(StunMessage.BINDING, StunMessage.Kind.INDICATION, new byte[12], List.of(),
                Optional.empty());
        assertThat(agent.onStun(indication, 0, indication.length, from, 1).response()).isEmpty();
        byte[] response = StunMessage.encode(StunMessage.BINDING, StunMessage.Kind.SUCCESS_RESPONSE, new byte[12],
                List.of(), Optional.empty());
        assertThat(agent.onStun(response, 0, response.length, from, 1).response()).isEmpty();
    }
}
