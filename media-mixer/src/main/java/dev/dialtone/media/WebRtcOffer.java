package dev.dialtone.media;

/**
 * An SDP offer the engine made to a browser ({@link MediaEngine#createWebRtcOffer}): a call from a
 * scenario to a web page. It holds one UDP port until the browser's answer is {@link #accept}ed or the
 * offer is {@link #cancel}led (the page declined, nobody answered); do one or the other exactly once.
 */
public interface WebRtcOffer {
    /** The offer to send to the browser. */
    String sdp();

    /**
     * Takes the browser's answer: adds the {@link WebRtcEndpoint} to the graph ({@link WebRtcAnswer.Accepted},
     * whose {@code sdp} is this offer), or says why the answer is unusable ({@link WebRtcAnswer.Rejected}: the
     * port is freed). Media flows once the browser's checks and DTLS arrive ({@link WebRtcListener}).
     *
     * @throws IllegalStateException if the offer was already accepted or cancelled
     */
    WebRtcAnswer accept(String sdpAnswer, WebRtcListener listener);

    /** Frees the port of an offer that will not be answered; nothing happens after {@link #accept}. */
    void cancel();
}
