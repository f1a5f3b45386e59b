package dev.dialtone.media.internal.webrtc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.media.WebRtcFailure;
import dev.dialtone.media.internal.rtp.PacketHandler;
import dev.dialtone.media.internal.rtp.RtpPacket;
import dev.dialtone.media.internal.rtp.RtpTransport;
import dev.dialtone.media.internal.rtp.UdpTransport;
import dev.dialtone.media.internal.webrtc.dtls.DtlsCertificate;
import dev.dialtone.media.internal.webrtc.dtls.DtlsSession;
import dev.dialtone.media.internal.webrtc.dtls.SrtpKeys;
import dev.dialtone.media.internal.webrtc.sdp.MediaDescription.DtlsFingerprint;
import dev.dialtone.media.internal.webrtc.srtp.SrtpSession;

/**
 * The transport of one WebRTC endpoint: one UDP socket carrying STUN, DTLS, SRTP and SRTCP,
 * demultiplexed by first byte ({@link PacketClass}, RFC 7983). STUN goes to the {@link IceLiteAgent}
 * (answered at once, on the mixer thread); DTLS from an address that passed a check goes to the
 * {@link DtlsSession} thread; SRTP and SRTCP from such an address are authenticated and decrypted
 * and handed to the endpoint's {@link PacketHandler} as plain RTP/RTCP. Outgoing RTP and RTCP are
 * protected and sent to the address ICE selected, whatever address the endpoint passes. Anything
 * else, or anything that fails a check, is dropped and counted.
 *
 * <p>{@link #check} (each tick, on the mixer thread) turns what happened into at most one
 * {@link Progress} per call: connected, or failed (handshake timeout, DTLS failure or fingerprint
 * mismatch, consent expired, DTLS closed by the browser).
 */
public final class WebRtcTransport implements RtpTransport {
    private static final Logger LOG = LoggerFactory.getLogger(WebRtcTransport.class);
    private static final int MAX_DATAGRAM = 2048;

    /** What {@link #check} reports. */
    public sealed interface Progress {
        record Connected(Duration sinceCreated) implements Progress {
        }

        record Failed(WebRtcFailure failure) implements Progress {
        }
    }

    private final String name;
    private final DatagramChannel channel;
    private final Runnable releasePort;
    private final IceLiteAgent ice;
    private final DtlsSession dtls;
    private final long createdNanos;
    private final long handshakeTimeoutNanos;
    private long firstCheckNanos;
    private long dtlsStartNanos;
    private final long consentTimeoutNanos;

    private volatile SrtpSession srtp;
    private volatile InetSocketAddress dtlsPeer;
    private volatile WebRtcFailure failure;
    private volatile boolean closed;

    // Mixer-thread state.
    private SelectionKey key;
    private boolean reportedConnected;
    private boolean reportedFailure;
    private long connectedAtNanos;
    private final byte[] plain = new byte[MAX_DATAGRAM];
    private final byte[] protectedOut = new byte[MAX_DATAGRAM];
    private ByteBuffer sendBuffer;
    private long dropped;

    public WebRtcTransport(String name, DatagramChannel channel, Runnable releasePort, IceLiteAgent ice,
                           DtlsCertificate certificate, DtlsFingerprint remoteFingerprint, SecureRandom random,
                           long createdNanos, Duration handshakeTimeout, Duration consentTimeout) throws IOException {
        this.name = name;
        this.channel = channel;
        this.releasePort = releasePort;
        this.ice = ice;
        this.createdNanos = createdNanos;
        this.handshakeTimeoutNanos = handshakeTimeout.toNanos();
        this.consentTimeoutNanos = consentTimeout.toNanos();
        channel.configureBlocking(false);
        this.dtls = new DtlsSession(name, certificate, remoteFingerprint, random, this::sendDtls, new DtlsEvents());
    }

    private final class DtlsEvents implements DtlsSession.Events {
        @Override
        public void connected(SrtpKeys keys) {
            SrtpSession.warmUp(); // here, not on the mixer thread: the first SRTP in a JVM is slow
            srtp = new SrtpSession(keys);
        }

        @Override
        public void failed(boolean fingerprintMismatch, String detail) {
            failure = new WebRtcFailure(fingerprintMismatch ? WebRtcFailure.Reason.FINGERPRINT_MISMATCH
                    : WebRtcFailure.Reason.DTLS_FAILED, detail);
        }

        @Override
        public void closedByPeer() {
            failure = new WebRtcFailure(WebRtcFailure.Reason.PEER_CLOSED, "the browser closed DTLS");
        }
    }

    private void sendDtls(byte[] data, int offset, int length) throws IOException {
        InetSocketAddress to = dtlsPeer;
        if (to != null && !closed) {
            channel.send(ByteBuffer.wrap(data, offset, length), to);
        }
    }

    @Override
    public InetSocketAddress localRtpAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("socket closed", e);
        }
    }

    @Override
    public InetSocketAddress localRtcpAddress() {
        return localRtpAddress();
    }

    @Override
    public void register(Selector selector, PacketHandler handler) throws IOException {
        deregister();
        SelectionKey old = channel.keyFor(selector);
        if (old != null && !old.isValid()) {
            selector.selectNow(k -> { }); // flush the cancelled key of an earlier visit to this thread
        }
        key = channel.register(selector, SelectionKey.OP_READ,
                (UdpTransport.Readable) (buf, scratch, now) -> drain(buf, scratch, now, handler));
    }

    @Override
    public void deregister() {
        if (key != null) {
            key.cancel();
            key = null;
        }
    }

    private void drain(ByteBuffer buf, byte[] scratch, long now, PacketHandler handler) {
        buf.clear();
        SocketAddress source;
        try {
            source = channel.receive(buf);
        } catch (IOException e) {
            return;
        }
        if (source == null) {
            return;
        }
        buf.flip();
        int len = buf.remaining();
        buf.get(scratch, 0, len);
        InetSocketAddress from = (InetSocketAddress) source;
        switch (PacketClass.of(scratch, 0, len)) {
            case STUN -> {
                if (firstCheckNanos == 0) {
                    firstCheckNanos = now;
                }
                Optional<byte[]> response = ice.onStun(scratch, 0, len, from, now).response();
                response.ifPresent(r -> send(r, 0, r.length, from));
            }
            case DTLS -> {
                if (ice.isValidated(from)) {
                    if (dtlsPeer == null) {
                        dtlsStartNanos = now;
                    }
                    dtlsPeer = from;
                    dtls.offer(scratch, 0, len);
                } else {
                    dropped++;
                }
            }
            case RTP_OR_RTCP -> receiveSecure(scratch, len, from, now, handler);
            case OTHER -> dropped++;
        }
    }

    private void receiveSecure(byte[] data, int len, InetSocketAddress from, long now, PacketHandler handler) {
        SrtpSession s = srtp;
        if (s == null || !ice.isValidated(from)) {
            dropped++;
            return;
        }
        if (RtpPacket.isRtcp(data, 0, len)) {
            int n = s.unprotectRtcp(data, 0, len, plain);
            if (n < 0) {
                dropped++;
            } else {
                handler.onRtcp(plain, 0, n, from, now);
            }
        } else {
            int n = s.unprotectRtp(data, 0, len, plain);
            if (n < 0) {
                dropped++;
            } else {
                handler.onRtp(plain, 0, n, from, now);
            }
        }
    }

    @Override
    public boolean ready() {
        return srtp != null && ice.destination().isPresent();
    }

    @Override
    public boolean sendRtp(byte[] data, int offset, int length, InetSocketAddress ignored) {
        SrtpSession s = srtp;
        Optional<InetSocketAddress> to = ice.destination();
        if (s == null || to.isEmpty()) {
            return false;
        }
        int n = s.protectRtp(data, offset, length, protectedOut);
        return n > 0 && send(protectedOut, 0, n, to.get());
    }

    @Override
    public boolean sendRtcp(byte[] data, int offset, int length, InetSocketAddress ignored) {
        SrtpSession s = srtp;
        Optional<InetSocketAddress> to = ice.destination();
        if (s == null || to.isEmpty()) {
            return false;
        }
        int n = s.protectRtcp(data, offset, length, protectedOut);
        return n > 0 && send(protectedOut, 0, n, to.get());
    }

    private boolean send(byte[] data, int offset, int length, InetSocketAddress to) {
        if (sendBuffer == null) {
            sendBuffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        }
        sendBuffer.clear();
        sendBuffer.put(data, offset, Math.min(length, MAX_DATAGRAM));
        sendBuffer.flip();
        try {
            return channel.send(sendBuffer, to) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** What happened since the last call (mixer thread, once per tick). */
    public Optional<Progress> check(long now) {
        if (reportedFailure) {
            return Optional.empty();
        }
        WebRtcFailure f = failure;
        if (f == null && !reportedConnected && now - createdNanos > handshakeTimeoutNanos) {
            f = new WebRtcFailure(WebRtcFailure.Reason.HANDSHAKE_TIMEOUT, ice.requests() == 0
                    ? "no ICE connectivity check arrived" : srtp == null && dtlsPeer == null
                    ? "ICE checks arrived but DTLS never started" : "DTLS did not finish");
        }
        if (f == null && reportedConnected && now - Math.max(ice.lastConsentNanos(), connectedAtNanos)
                > consentTimeoutNanos) {
            f = new WebRtcFailure(WebRtcFailure.Reason.CONSENT_EXPIRED, "no connectivity check from the browser for "
                    + Duration.ofNanos(consentTimeoutNanos).toSeconds() + " s");
        }
        if (f != null) {
            reportedFailure = true;
            LOG.debug("WebRTC transport {} failed: {} ({})", name, f.reason(), f.detail());
            return Optional.of(new Progress.Failed(f));
        }
        if (!reportedConnected && srtp != null && ice.destination().isPresent()) {
            reportedConnected = true;
            connectedAtNanos = now;
            if (LOG.isDebugEnabled()) {
                LOG.debug("WebRTC transport {} connected {} ms after its answer (first connectivity check at {} ms, DTLS from"
                        + " {} ms)", name, (now - createdNanos) / 1_000_000, (firstCheckNanos - createdNanos) / 1_000_000,
                        (dtlsStartNanos - createdNanos) / 1_000_000);
            }
            return Optional.of(new Progress.Connected(Duration.ofNanos(now - createdNanos)));
        }
        return Optional.empty();
    }

    /** Datagrams dropped: unknown first byte, not from a checked address, failed SRTP authentication. */
    public long dropped() {
        return dropped;
    }

    public IceLiteAgent ice() {
        return ice;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        deregister();
        dtls.close();
        SrtpSession s = srtp;
        if (s != null) {
            s.close();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // the port is released either way
        }
        releasePort.run();
    }
}
