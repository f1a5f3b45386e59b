package dev.dialtone.media;

import java.util.Objects;

/**
 * The result of answering a browser's SDP offer ({@link MediaEngine#createWebRtcEndpoint}): an
 * endpoint and the SDP to send back, or why the offer cannot be answered. A malformed or
 * unanswerable offer is not an exception: it is the browser's input.
 */
public sealed interface WebRtcAnswer {
    /** The offer was answered: send {@code sdp} to the browser; media flows once it connects. */
    record Accepted(WebRtcEndpoint endpoint, String sdp) implements WebRtcAnswer {
        public Accepted {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(sdp, "sdp");
        }
    }

    /**
     * The offer cannot be answered; nothing was allocated. {@code detail} is safe to log and to
     * show the client (a SIP-style gateway would answer 488 Not Acceptable Here).
     */
    record Rejected(Reason reason, String detail) implements WebRtcAnswer {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Why an offer was rejected. */
    enum Reason {
        /** Not parseable SDP, or a value we need is malformed. */
        MALFORMED_SDP,
        /** No usable secure audio section (only video or data, or audio rejected with port 0). */
        NO_AUDIO,
        /** None of the configured {@code webrtc-codecs} is offered. */
        NO_COMMON_CODEC,
        /** Missing ICE credentials, DTLS fingerprint or rtcp-mux, or a setup role that would make us the DTLS client. */
        UNSUPPORTED_TRANSPORT
    }
}
