package dev.dialtone.media.internal.webrtc.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.media.internal.webrtc.sdp.MediaDescription.DtlsFingerprint;

/**
 * The DTLS side of one WebRTC session. BouncyCastle's DTLS is blocking, so the handshake runs on a
 * virtual thread of its own, started by the first DTLS datagram: the endpoint's mixer thread
 * {@link #offer}s DTLS records (a bounded queue; extra records are dropped, as the network would) and
 * the handshake sends its flights through the {@link Sender}. After the handshake the thread keeps
 * reading, so a lost final flight is retransmitted and the browser's close_notify is noticed; it
 * ends when the session is {@link #close}d. Outcomes are reported once through {@link Events}, from
 * that thread.
 */
public final class DtlsSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DtlsSession.class);
    private static final int QUEUE = 64;
    private static final int MTU = 1200;
    private static final int MAX_RECORD = 2048;

    /** Sends a DTLS datagram to the browser (to the address ICE selected). */
    @FunctionalInterface
    public interface Sender {
        void send(byte[] data, int offset, int length) throws IOException;
    }

    /** What the handshake thread reports. */
    public interface Events {
        /** The handshake finished, the browser's certificate matched: SRTP can start. */
        void connected(SrtpKeys keys);

        /** The handshake failed (alert, bad or missing certificate, no SRTP profile). */
        void failed(boolean fingerprintMismatch, String detail);

        /** After connecting, the browser ended DTLS (close_notify or a fatal alert). */
        void closedByPeer();
    }

    private final String name;
    private final DtlsCertificate certificate;
    private final DtlsFingerprint expected;
    private final SecureRandom random;
    private final Sender sender;
    private final Events events;
    private final BlockingQueue<byte[]> inbound = new ArrayBlockingQueue<>(QUEUE);
    private volatile boolean closed;
    private Thread thread;

    public DtlsSession(String name, DtlsCertificate certificate, DtlsFingerprint expected, SecureRandom random,
                       Sender sender, Events events) {
        this.name = name;
        this.certificate = certificate;
        this.expected = expected;
        this.random = random;
        this.sender = sender;
        this.events = events;
    }

    /** Queues a DTLS datagram from the browser; the first one starts the handshake. */
    public void offer(byte[] data, int offset, int length) {
        if (closed) {
            return;
        }
        inbound.offer(Arrays.copyOfRange(data, offset, offset + length));
        synchronized (this) {
            if (thread == null && !closed) {
                thread = Thread.ofVirtual().name("webrtc-dtls-" + name).start(this::run);
            }
        }
    }

    private void run() {
        DtlsSrtpServer server = new DtlsSrtpServer(new BcTlsCrypto(random), certificate, expected);
        DTLSServerProtocol protocol = new DTLSServerProtocol();
        protocol.setVerifyRequests(false); // ICE already proved the address; a cookie round trip only adds latency
        DTLSTransport dtls;
        try {
            dtls = protocol.accept(server, new QueueTransport());
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                DtlsSrtpServer.Verdict v = server.verdict();
                String detail = v != DtlsSrtpServer.Verdict.NONE ? v.name().toLowerCase() : describe(e);
                LOG.debug("DTLS handshake of {} failed: {}", name, detail);
                events.failed(v == DtlsSrtpServer.Verdict.FINGERPRINT_MISMATCH, detail);
            }
            return;
        }
        events.connected(server.keys());
        byte[] buf = new byte[MAX_RECORD];
        try {
            while (!closed && !server.peerClosed()) {
                dtls.receive(buf, 0, buf.length, 1_000); // data channels are not offered: application data is ignored
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("DTLS of {} ended: {}", name, describe(e));
        }
        if (!closed) {
            events.closedByPeer();
        }
    }

    private static String describe(Throwable e) {
        if (e instanceof TlsFatalAlertReceived r) {
            return "the browser sent alert " + AlertDescription.getText(r.getAlertDescription());
        }
        if (e instanceof TlsFatalAlert a) {
            return "alert " + AlertDescription.getText(a.getAlertDescription());
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Stops the handshake or the reading thread. Idempotent. */
    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            if (thread != null) {
                thread.interrupt();
            }
        }
    }

    /** The datagram side BouncyCastle sees: records from the queue, flights out through the sender. */
    private final class QueueTransport implements DatagramTransport {
        @Override
        public int getReceiveLimit() {
            return MAX_RECORD;
        }

        @Override
        public int getSendLimit() {
            return MTU;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            if (closed) {
                throw new IOException("session closed");
            }
            byte[] record;
            try {
                record = inbound.poll(Math.max(0, waitMillis), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                throw new InterruptedIOException("session closed");
            }
            if (record == null) {
                return -1;
            }
            int n = Math.min(len, record.length);
            System.arraycopy(record, 0, buf, off, n);
            return n;
        }

        @Override
        public void send(byte[] buf, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("session closed");
            }
            sender.send(buf, off, len);
        }

        @Override
        public void close() {
            // the socket belongs to the endpoint
        }
    }
}
