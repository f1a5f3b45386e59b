package dev.dialtone.media.internal.rtp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * Plain RTP over UDP: one non-blocking socket for RTP and one for RTCP (or one for both when the
 * far end muxes, RFC 5761: RTCP packet types 192..223 on the RTP port are routed to RTCP).
 */
public final class UdpTransport implements RtpTransport {
    /**
     * Datagrams read per readiness report. One: a second read would usually only find the socket
     * empty (a wasted system call per packet); the selector is level-triggered, so anything still
     * queued is reported again at once.
     */
    private static final int MAX_DATAGRAMS_PER_WAKEUP = 1;

    private final DatagramChannel rtp;
    private final DatagramChannel rtcp;
    private final Runnable onClose;
    private SelectionKey rtpKey;
    private SelectionKey rtcpKey;
    private boolean closed;
    private ByteBuffer sendBuffer;
    private long sendFailures;

    /** Takes ownership of two bound channels; {@code onClose} returns the ports to their allocator. */
    public UdpTransport(DatagramChannel rtp, DatagramChannel rtcp, Runnable onClose) throws IOException {
        this.rtp = rtp;
        this.rtcp = rtcp;
        this.onClose = onClose;
        rtp.configureBlocking(false);
        rtcp.configureBlocking(false);
    }

    @Override
    public InetSocketAddress localRtpAddress() {
        return address(rtp);
    }

    @Override
    public InetSocketAddress localRtcpAddress() {
        return address(rtcp);
    }

    private static InetSocketAddress address(DatagramChannel ch) {
        try {
            return (InetSocketAddress) ch.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("socket closed", e);
        }
    }

    @Override
    public void register(Selector selector, PacketHandler handler) throws IOException {
        deregister();
        flushCancelled(selector, rtp);
        flushCancelled(selector, rtcp);
        rtpKey = rtp.register(selector, SelectionKey.OP_READ, (Readable) (buf, scratch, now) -> drain(rtp, buf, scratch,
                now, handler, true));
        rtcpKey = rtcp.register(selector, SelectionKey.OP_READ, (Readable) (buf, scratch, now) -> drain(rtcp, buf,
                scratch, now, handler, false));
    }

    /**
     * A unit that left this selector and comes back before the selector ran again still has its
     * cancelled key there, and registering would fail: a non-blocking select drops cancelled keys
     * (readiness is level-triggered, so nothing is lost by ignoring the events it sees).
     */
    private static void flushCancelled(Selector selector, DatagramChannel ch) throws IOException {
        SelectionKey old = ch.keyFor(selector);
        if (old != null && !old.isValid()) {
            selector.selectNow(key -> { });
        }
    }

    /** What the selector loop calls for a readable key (the key's attachment). */
    @FunctionalInterface
    public interface Readable {
        void read(ByteBuffer buffer, byte[] scratch, long nowNanos);
    }

    private void drain(DatagramChannel ch, ByteBuffer buf, byte[] scratch, long now, PacketHandler handler,
                       boolean rtpPort) {
        for (int i = 0; i < MAX_DATAGRAMS_PER_WAKEUP; i++) {
            buf.clear();
            SocketAddress from;
            try {
                from = ch.receive(buf);
            } catch (IOException e) {
                return; // ICMP port unreachable and the like: nothing to read now
            }
            if (from == null) {
                return;
            }
            buf.flip();
            int len = buf.remaining();
            buf.get(scratch, 0, len);
            InetSocketAddress source = (InetSocketAddress) from;
            if (!rtpPort || RtpPacket.isRtcp(scratch, 0, len)) {
                handler.onRtcp(scratch, 0, len, source, now);
            } else {
                handler.onRtp(scratch, 0, len, source, now);
            }
        }
    }

    @Override
    public void deregister() {
        if (rtpKey != null) {
            rtpKey.cancel();
            rtpKey = null;
        }
        if (rtcpKey != null) {
            rtcpKey.cancel();
            rtcpKey = null;
        }
    }

    @Override
    public boolean sendRtp(byte[] data, int offset, int length, InetSocketAddress to) {
        return send(rtp, data, offset, length, to);
    }

    @Override
    public boolean sendRtcp(byte[] data, int offset, int length, InetSocketAddress to) {
        return send(rtcp, data, offset, length, to);
    }

    private boolean send(DatagramChannel ch, byte[] data, int offset, int length, InetSocketAddress to) {
        if (sendBuffer == null) {
            sendBuffer = ByteBuffer.allocateDirect(2048);
        }
        sendBuffer.clear();
        sendBuffer.put(data, offset, Math.min(length, sendBuffer.capacity()));
        sendBuffer.flip();
        try {
            return ch.send(sendBuffer, to) > 0;
        } catch (IOException e) {
            sendFailures++;
            return false;
        }
    }

    public long sendFailures() {
        return sendFailures;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        deregister();
        try {
            rtp.close();
        } catch (IOException ignored) {
            // closing a datagram socket does not fail in practice; the port is released either way
        }
        try {
            rtcp.close();
        } catch (IOException ignored) {
            // as above
        }
        onClose.run();
    }
}
