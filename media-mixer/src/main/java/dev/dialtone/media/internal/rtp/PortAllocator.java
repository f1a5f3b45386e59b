package dev.dialtone.media.internal.rtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.BitSet;

import dev.dialtone.media.MediaException;
import dev.dialtone.media.PortRange;

/**
 * Hands out RTP/RTCP port pairs from the configured range (even RTP port, RTCP on the next one),
 * skipping ports other programs hold, or lets the operating system choose in ephemeral mode.
 */
public final class PortAllocator {
    private static final int SOCKET_BUFFER = 256 * 1024;

    private final PortRange range;
    private final InetAddress bind;
    private final BitSet inUse = new BitSet();
    private int cursor;

    public PortAllocator(PortRange range, InetAddress bind) {
        this.range = range;
        this.bind = bind;
        this.cursor = range.first() + (range.first() & 1);
    }

    public UdpTransport allocate() {
        if (range.ephemeral()) {
            try {
                DatagramChannel rtp = open(0);
                DatagramChannel rtcp;
                try {
                    rtcp = open(0);
                } catch (IOException e) {
                    rtp.close();
                    throw e;
                }
                return new UdpTransport(rtp, rtcp, () -> { });
            } catch (IOException e) {
                throw new MediaException("could not bind RTP sockets on " + bind.getHostAddress(), e);
            }
        }
        int pairs = range.pairs();
        for (int attempt = 0; attempt < pairs; attempt++) {
            int port = next();
            if (port < 0) {
                break;
            }
            DatagramChannel rtp = null;
            try {
                rtp = open(port);
                DatagramChannel rtcp = open(port + 1);
                final int p = port;
                return new UdpTransport(rtp, rtcp, () -> release(p));
            } catch (IOException e) {
                closeQuietly(rtp);
                release(port); // held by someone else; try the next pair
            }
        }
        throw new MediaException("no free RTP port pair in " + range + " on " + bind.getHostAddress());
    }

    /** One UDP socket and how to give its port back (closing the socket is the caller's job). */
    public record SinglePort(DatagramChannel channel, Runnable release) {
    }

    /**
     * One socket for a transport that muxes everything on one port (WebRTC: STUN, DTLS, RTP and
     * RTCP): it takes a pair's slot from the range but binds only the even port.
     */
    public SinglePort allocateSingle() {
        if (range.ephemeral()) {
            try {
                return new SinglePort(open(0), () -> { });
            } catch (IOException e) {
                throw new MediaException("could not bind a UDP socket on " + bind.getHostAddress(), e);
            }
        }
        for (int attempt = 0; attempt < range.pairs(); attempt++) {
            int port = next();
            if (port < 0) {
                break;
            }
            try {
                DatagramChannel ch = open(port);
                return new SinglePort(ch, () -> release(port));
            } catch (IOException e) {
                release(port); // held by someone else; try the next one
            }
        }
        throw new MediaException("no free UDP port in " + range + " on " + bind.getHostAddress());
    }

    private synchronized int next() {
        int evenFirst = range.first() + (range.first() & 1);
        for (int i = 0; i < range.pairs(); i++) {
            int port = cursor;
            cursor += 2;
            if (cursor + 1 > range.last()) {
                cursor = evenFirst;
            }
            if (!inUse.get(port)) {
                inUse.set(port);
                return port;
            }
        }
        return -1;
    }

    private synchronized void release(int port) {
        inUse.clear(port);
    }

    public synchronized int allocatedPairs() {
        return inUse.cardinality();
    }

    private DatagramChannel open(int port) throws IOException {
        DatagramChannel ch = DatagramChannel.open(bind.getAddress().length == 16
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
            ch.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
            ch.bind(new InetSocketAddress(bind, port));
            return ch;
        } catch (IOException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    private static void closeQuietly(DatagramChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }
}
