package dev.dialtone.pstn.internal.sdp;

/**
 * An SDP body we cannot parse or cannot use. Both are answered 488 Not Acceptable Here: the SIP
 * message itself is well formed (RFC 3261 §21.4.26), only its session description is refused.
 */
public final class SdpException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean notAcceptable;

    private SdpException(String message, boolean notAcceptable) {
        super(message);
        this.notAcceptable = notAcceptable;
    }

    /** The body is not valid SDP. */
    public static SdpException malformed(String message) {
        return new SdpException(message, false);
    }

    /** Valid SDP, but nothing in it we can use (no common codec, no usable address...). */
    public static SdpException notAcceptable(String message) {
        return new SdpException(message, true);
    }

    /** Valid SDP we cannot use, as opposed to invalid SDP (for logs). */
    public boolean notAcceptable() {
        return notAcceptable;
    }
}
