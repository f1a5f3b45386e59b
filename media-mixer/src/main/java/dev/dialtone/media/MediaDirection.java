package dev.dialtone.media;

/**
 * Which way audio flows on an RTP endpoint, from this side's point of view: the direction attribute
 * of <em>our</em> SDP (RFC 3264 section 5.1). Hold is usually {@code SENDONLY} or {@code INACTIVE}.
 */
public enum MediaDirection {
    SENDRECV(true, true),
    SENDONLY(true, false),
    RECVONLY(false, true),
    INACTIVE(false, false);

    private final boolean sends;
    private final boolean receives;

    MediaDirection(boolean sends, boolean receives) {
        this.sends = sends;
        this.receives = receives;
    }

    /** We send RTP audio to the far end. */
    public boolean sends() {
        return sends;
    }

    /** We expect RTP audio from the far end (and watch for it stopping). */
    public boolean receives() {
        return receives;
    }
}
