package dev.dialtone.media;

import java.net.InetSocketAddress;

import dev.dialtone.core.MediaUnit;

/**
 * One browser's audio over WebRTC: a unit of the media graph, like an {@link RtpEndpoint}, so it
 * joins conferences, players, recorders and links the same way. Send audio to it to have the
 * browser hear it; send from it to hear the browser.
 *
 * <p>Created by {@link MediaEngine#createWebRtcEndpoint} from the browser's SDP offer, which also
 * returns the SDP answer. The endpoint is ICE-lite on one UDP port ({@link #localAddress()}, the
 * host candidate in the answer), the DTLS server, and speaks SRTP with RTCP muxed. It stays silent
 * until the browser has checked connectivity and finished DTLS with the certificate its offer
 * announced ({@link WebRtcListener#onConnected}); if that does not happen in time, or fails, or the
 * browser goes away, the endpoint closes itself and says why ({@link WebRtcListener#onFailed}).
 * Every method returns at once and is safe from any thread.
 */
public interface WebRtcEndpoint extends MediaUnit {
    /** The UDP address of our host candidate (one port: STUN, DTLS, SRTP and SRTCP). */
    InetSocketAddress localAddress();

    /** The audio codec negotiated with the browser: Opus (48 kHz RTP clock), else PCMU or PCMA. */
    PayloadFormat codec();

    /** ICE checked, DTLS done, fingerprint matched, SRTP keyed; false again once closed. */
    boolean connected();

    /** Turns in-band (Goertzel) DTMF detection on or off; RFC 4733 digits (browsers' sendTone) are always reported. */
    void detectInbandDtmf(boolean enabled);

    /** Queues digits ({@code 0-9 * # A-D}) to play to the browser: RFC 4733 events if negotiated, else tones. */
    void sendDigits(String digits);

    RtpStats stats();

    /**
     * Answers a new offer in this session (the browser's re-offer: hold/resume as sendonly/inactive,
     * a video section added or removed — rejected again). ICE credentials and the DTLS certificate must
     * not change (no ICE restart); the codec stays the same if still offered. On {@link WebRtcAnswer.Rejected}
     * nothing changes.
     */
    WebRtcAnswer renegotiate(String sdpOffer);

    /** Leaves the graph, ends DTLS and frees the port. Idempotent; no listener call follows. */
    void close();
}
