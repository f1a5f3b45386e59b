package dev.dialtone.pstn.internal.sdp;

/** An SDP body we cannot parse (answered 400) or cannot accept (answered 488). */
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

    /** 488 Not Acceptable Here rather than 400 Bad Request. */
    public boolean notAcceptable() {
        return notAcceptable;
    }
}
