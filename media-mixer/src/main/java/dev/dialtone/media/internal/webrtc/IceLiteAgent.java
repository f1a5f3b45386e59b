package dev.dialtone.media.internal.webrtc;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.dialtone.media.internal.rtp.MalformedPacketException;
import dev.dialtone.media.internal.webrtc.stun.StunAttribute;
import dev.dialtone.media.internal.webrtc.stun.StunMessage;

/**
 * The server side of ICE in lite mode (RFC 8445 sections 2.5 and 7.3): we never send checks, we
 * answer the browser's Binding requests on our host candidate. A request is answered only if its
 * USERNAME starts with our ufrag and its MESSAGE-INTEGRITY is keyed with our password (short-term
 * credentials); the response carries the request's source as XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY
 * and FINGERPRINT. Every address that passed a check may exchange DTLS; the controlling browser's
 * USE-CANDIDATE nominates the address media goes to (the latest nomination wins, so the browser can
 * switch paths). Consent freshness (RFC 7675) is the browser's checks continuing to arrive on the
 * selected address; the transport fails the session when they stop.
 *
 * <p>Used by one thread at a time (the endpoint's mixer thread).
 */
public final class IceLiteAgent {
    private static final int MAX_VALIDATED = 8;

    private final String localUfrag;
    private final byte[] localPassword;
    private final String remoteUfrag;
    private final List<InetSocketAddress> validated = new ArrayList<>();
    private InetSocketAddress selected;
    private long lastConsentNanos;
    private long requests;
    private long rejected;

    public IceLiteAgent(String localUfrag, String localPassword, String remoteUfrag) {
        this.localUfrag = localUfrag;
        this.localPassword = localPassword.getBytes(StandardCharsets.UTF_8);
        this.remoteUfrag = remoteUfrag;
    }

    /** The outcome of one STUN datagram: the response to send back to its source, if any. */
    public record Outcome(Optional<byte[]> response, boolean accepted) {
        static final Outcome DROP = new Outcome(Optional.empty(), false);
    }

    /** Handles a datagram that demultiplexed as STUN. */
    public Outcome onStun(byte[] data, int offset, int length, InetSocketAddress from, long nowNanos) {
        StunMessage m;
        try {
            m = StunMessage.parse(data, offset, length);
        } catch (MalformedPacketException e) {
            return Outcome.DROP;
        }
        if (m.method() != StunMessage.BINDING || m.kind() != StunMessage.Kind.REQUEST) {
            return Outcome.DROP; // indications are keepalives; we send no requests, so no responses are expected
        }
        requests++;
        Optional<StunAttribute.Username> user = m.attribute(StunAttribute.Username.class);
        if (user.isEmpty() || !m.has(StunAttribute.MessageIntegrity.class)
                || !m.has(StunAttribute.Fingerprint.class)) {
            return error(m, 400, "Bad Request", false);
        }
        if (!usernameMatches(user.get().value()) || !m.integrityMatches(localPassword)) {
            return error(m, 401, "Unauthorized", false);
        }
        int[] unknown = m.unknownRequiredTypes();
        if (unknown.length > 0) {
            return errorWith(m, 420, "Unknown Attribute", List.of(new StunAttribute.UnknownAttributes(unknown)));
        }
        if (m.has(StunAttribute.IceControlled.class)) {
            // A lite agent is always controlled: the full agent must take the controlling role (section 7.3.1.1).
            return error(m, 487, "Role Conflict", true);
        }
        if (!validated.contains(from)) {
            if (validated.size() == MAX_VALIDATED) {
                validated.remove(0);
            }
            validated.add(from);
        }
        if (m.has(StunAttribute.UseCandidate.class)) {
            selected = from;
        }
        if (from.equals(selected)) {
            lastConsentNanos = nowNanos;
        }
        byte[] response = StunMessage.encode(StunMessage.BINDING, StunMessage.Kind.SUCCESS_RESPONSE,
                m.transactionId(), List.of(new StunAttribute.XorMappedAddress(from)), Optional.of(localPassword));
        return new Outcome(Optional.of(response), true);
    }

    private boolean usernameMatches(String username) {
        int colon = username.indexOf(':');
        if (colon < 0 || !username.substring(0, colon).equals(localUfrag)) {
            return false;
        }
        return remoteUfrag.isEmpty() || username.substring(colon + 1).equals(remoteUfrag);
    }

    private Outcome error(StunMessage m, int code, String reason, boolean authenticated) {
        rejected++;
        byte[] response = StunMessage.encode(StunMessage.BINDING, StunMessage.Kind.ERROR_RESPONSE, m.transactionId(),
                List.of(new StunAttribute.ErrorCode(code, reason)),
                authenticated ? Optional.of(localPassword) : Optional.empty());
        return new Outcome(Optional.of(response), false);
    }

    private Outcome errorWith(StunMessage m, int code, String reason, List<StunAttribute> more) {
        rejected++;
        List<StunAttribute> attrs = new ArrayList<>();
        attrs.add(new StunAttribute.ErrorCode(code, reason));
        attrs.addAll(more);
        byte[] response = StunMessage.encode(StunMessage.BINDING, StunMessage.Kind.ERROR_RESPONSE, m.transactionId(),
                attrs, Optional.of(localPassword));
        return new Outcome(Optional.of(response), false);
    }

    /** Whether {@code address} passed a connectivity check (DTLS from anywhere else is dropped). */
    public boolean isValidated(InetSocketAddress address) {
        return validated.contains(address);
    }

    /** Where media goes: the nominated address, or before nomination the latest validated one. */
    public Optional<InetSocketAddress> destination() {
        if (selected != null) {
            return Optional.of(selected);
        }
        return validated.isEmpty() ? Optional.empty() : Optional.of(validated.get(validated.size() - 1));
    }

    public boolean nominated() {
        return selected != null;
    }

    /** When the browser last checked the selected pair (0 before nomination). */
    public long lastConsentNanos() {
        return lastConsentNanos;
    }

    public long requests() {
        return requests;
    }

    public long rejected() {
        return rejected;
    }
}
