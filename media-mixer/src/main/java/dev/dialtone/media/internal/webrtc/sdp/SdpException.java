package dev.dialtone.media.internal.webrtc.sdp;

/** An SDP offer we cannot parse or cannot answer; the message says why (safe to show the client). */
public final class SdpException extends Exception {
    /** What kind of problem it is, for the caller's error mapping. */
    public enum Problem {
        /** Not SDP, or a value we need is malformed. */
        MALFORMED,
        /** No usable audio section. */
        NO_AUDIO,
        /** No audio codec we speak. */
        NO_COMMON_CODEC,
        /** Missing or unsupported ICE, DTLS or RTCP mux (we only do ICE-lite, DTLS server, rtcp-mux). */
        UNSUPPORTED_TRANSPORT
    }

    private final Problem problem;

    public SdpException(String message) {
        this(Problem.MALFORMED, message);
    }

    public SdpException(Problem problem, String message) {
        super(message, null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
