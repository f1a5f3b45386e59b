package dev.dialtone.media;

import java.net.InetSocketAddress;

import dev.dialtone.core.MediaUnit;

/**
 * One RTP session's audio (one SIP call leg, later one WebRTC peer): a UDP port pair, a unit of the
 * media graph. Send audio to it to have it heard by the far end; send from it to hear the far end.
 *
 * <p>Lifecycle: {@link MediaEngine#createRtpEndpoint} binds the ports ({@link #localAddress()} goes
 * into SDP); {@link #configure} once SDP is negotiated (and again after every re-INVITE);
 * {@link #close()} when the call ends. Every method returns at once and is safe from any thread.
 */
public interface RtpEndpoint extends MediaUnit {
    /** The RTP address and port this endpoint receives on. */
    InetSocketAddress localAddress();

    /** The RTCP address: RTP port + 1 for a configured port range, any port in ephemeral mode. */
    InetSocketAddress rtcpAddress();

    /** Applies negotiated parameters. Before the first call the endpoint neither sends nor plays. */
    void configure(RtpParameters parameters);

    /** Turns in-band (Goertzel) DTMF detection on or off; RFC 4733 digits are always reported. */
    void detectInbandDtmf(boolean enabled);

    /**
     * Queues digits ({@code 0-9 * # A-D}; other characters are ignored, {@code ,} pauses 500 ms) to
     * be sent as RFC 4733 events if negotiated, otherwise as in-band tones.
     */
    void sendDigits(String digits);

    RtpStats stats();

    /** Sends RTCP BYE, leaves the graph and frees the ports. Idempotent. */
    void close();
}
