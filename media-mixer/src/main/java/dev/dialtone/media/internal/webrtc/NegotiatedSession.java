package dev.dialtone.media.internal.webrtc;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.dialtone.media.RtpParameters;
import dev.dialtone.media.WebRtcAnswer;
import dev.dialtone.media.internal.graph.WebRtcEndpointUnit;
import dev.dialtone.media.internal.webrtc.sdp.AnswerWriter;
import dev.dialtone.media.internal.webrtc.sdp.AudioNegotiation;
import dev.dialtone.media.internal.webrtc.sdp.SdpException;
import dev.dialtone.media.internal.webrtc.sdp.SdpParser;
import dev.dialtone.media.internal.webrtc.sdp.SessionDescription;

/**
 * The offer/answer state of one WebRTC endpoint after its first answer: what we said about
 * ourselves and what the browser said about itself, so a re-offer (RFC 3264 section 8) can be
 * answered consistently: same ICE credentials, candidates and fingerprint, version + 1, the same
 * codec while it is offered, the direction the re-offer asks for.
 */
final class NegotiatedSession {
    private final WebRtcEndpointUnit endpoint;
    private final List<String> codecs;
    private AnswerWriter.Local local;
    private AudioNegotiation current;

    NegotiatedSession(WebRtcEndpointUnit endpoint, List<String> codecs, AnswerWriter.Local local,
                      AudioNegotiation current) {
        this.endpoint = endpoint;
        this.codecs = codecs;
        this.local = local;
        this.current = current;
    }

    /** RTP goes wherever ICE selected; this address only satisfies the record (0.0.0.0:9, "discard"). */
    private static final InetSocketAddress NOWHERE = new InetSocketAddress(nowhere(), 9);

    private static InetAddress nowhere() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
    }

    static RtpParameters parameters(AudioNegotiation audio) {
        return new RtpParameters(NOWHERE, Optional.empty(), audio.codec(), audio.telephoneEvent(),
                RtpParameters.DEFAULT_PTIME_MS, audio.direction(), true);
    }

    synchronized WebRtcAnswer reoffer(String sdp) {
        SessionDescription offer;
        AudioNegotiation next;
        try {
            offer = SdpParser.parse(sdp);
            List<String> preference = new ArrayList<>();
            preference.add(current.codec().encoding());
            codecs.stream().filter(c -> !c.equals(current.codec().encoding())).forEach(preference::add);
            next = AudioNegotiation.negotiate(offer, preference);
        } catch (SdpException e) {
            return new WebRtcAnswer.Rejected(WebRtcOffers.reason(e.problem()), e.getMessage());
        }
        if (next.index() != current.index()) {
            return rejected("the audio section moved to another position");
        }
        if (!next.remoteIce().equals(current.remoteIce())) {
            return rejected("ICE restart is not supported");
        }
        if (!next.remoteFingerprint().equals(current.remoteFingerprint())) {
            return rejected("the DTLS certificate changed");
        }
        local = local.nextVersion();
        current = next;
        endpoint.renegotiated(parameters(next));
        return new WebRtcAnswer.Accepted(endpoint, AnswerWriter.write(offer, next, local));
    }

    private static WebRtcAnswer rejected(String why) {
        return new WebRtcAnswer.Rejected(WebRtcAnswer.Reason.UNSUPPORTED_TRANSPORT, why);
    }
}
