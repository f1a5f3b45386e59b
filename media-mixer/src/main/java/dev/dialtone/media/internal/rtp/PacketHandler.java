package dev.dialtone.media.internal.rtp;

import java.net.InetSocketAddress;

/**
 * Where a transport delivers datagrams once they are plain RTP or RTCP (after SRTP decryption, for a
 * secure transport). Called on the owning mixer thread; {@code data} is only valid during the call.
 */
public interface PacketHandler {
    void onRtp(byte[] data, int offset, int length, InetSocketAddress from, long nowNanos);

    void onRtcp(byte[] data, int offset, int length, InetSocketAddress from, long nowNanos);
}
