package dev.dialtone.media.internal.rtp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.Selector;

/**
 * Moves RTP and RTCP datagrams for one endpoint, separated from the RTP logic so a secure transport
 * (DTLS-SRTP for WebRTC, with ICE-lite and RTCP mux) can wrap or replace the plain UDP one. All
 * methods are called on the mixer thread that owns the endpoint, except {@link #close}.
 */
public interface RtpTransport {
    InetSocketAddress localRtpAddress();

    InetSocketAddress localRtcpAddress();

    /** Starts delivering incoming datagrams to {@code handler} on the thread that runs {@code selector}. */
    void register(Selector selector, PacketHandler handler) throws IOException;

    /** Stops delivering (the endpoint moves to another mixer thread or closes). */
    void deregister();

    /** Sends one RTP packet; returns false if the datagram was dropped (socket buffer full, error). */
    boolean sendRtp(byte[] data, int offset, int length, InetSocketAddress to);

    boolean sendRtcp(byte[] data, int offset, int length, InetSocketAddress to);

    /**
     * Whether sending makes sense yet: always for plain UDP; for a secure transport, only once the
     * far end's address is known and the keys are agreed (the endpoint stays quiet until then).
     */
    default boolean ready() {
        return true;
    }

    /** Frees the sockets. Idempotent. */
    void close();
}
