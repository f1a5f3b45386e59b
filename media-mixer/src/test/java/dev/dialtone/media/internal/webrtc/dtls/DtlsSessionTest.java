package dev.dialtone.media.internal.webrtc.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.tls.DatagramTransport;
import org.junit.jupiter.api.Test;

import dev.dialtone.media.internal.webrtc.srtp.SrtpSession;

/** Our DTLS-SRTP server against BouncyCastle's DTLS client over an in-memory datagram pipe. */
class DtlsSessionTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DtlsCertificate SERVER = DtlsCertificate.generate(RANDOM, Clock.systemUTC());

    /** Events recorded as futures. */
    private static final class Outcome implements DtlsSession.Events {
        final CompletableFuture<SrtpKeys> connected = new CompletableFuture<>();
        final CompletableFuture<String> failed = new CompletableFuture<>();
        volatile boolean mismatch;

        @Override
        public void connected(SrtpKeys keys) {
            connected.complete(keys);
        }

        @Override
        public void failed(boolean fingerprintMismatch, String detail) {
            mismatch = fingerprintMismatch;
            failed.complete(detail);
        }

        @Override
        public void closedByPeer() {
        }
    }

    /** The client's end of the pipe: it sends into the session, the session's sender fills {@code toClient}. */
    private static final class ClientEnd implements DatagramTransport {
        final BlockingQueue<byte[]> toClient = new ArrayBlockingQueue<>(64);
        DtlsSession session;

        @Override
        public int getReceiveLimit() {
            return 2048;
        }

        @Override
        public int getSendLimit() {
            return 1200;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            try {
                byte[] d = toClient.poll(waitMillis, TimeUnit.MILLISECONDS);
                if (d == null) {
                    return -1;
                }
                System.arraycopy(d, 0, buf, off, d.length);
                return d.length;
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        }

        @Override
        public void send(byte[] buf, int off, int len) {
            session.offer(buf, off, len);
        }

        @Override
        public void close() {
        }
    }

    private static DtlsSession session(DtlsCertificate expectedClient, ClientEnd pipe, Outcome outcome) {
        DtlsSession s = new DtlsSession("test", SERVER, expectedClient.fingerprint(), RANDOM,
                (d, o, l) -> pipe.toClient.offer(Arrays.copyOfRange(d, o, o + l)), outcome);
        pipe.session = s;
        return s;
    }

    @Test
    void handshakeExportsTheSameSrtpKeysOnBothSides() throws Exception {
        DtlsCertificate browser = DtlsCertificate.generate(RANDOM, Clock.systemUTC());
        ClientEnd pipe = new ClientEnd();
        Outcome outcome = new Outcome();
        try (DtlsSession server = session(browser, pipe, outcome)) {
            SrtpKeys clientKeys = DtlsClient.handshake(pipe, browser, SERVER.fingerprint());
            SrtpKeys serverKeys = outcome.connected.get(5, TimeUnit.SECONDS);

            assertThat(serverKeys.clientKey()).isEqualTo(clientKeys.clientKey());
            assertThat(serverKeys.serverSalt()).isEqualTo(clientKeys.serverSalt());
            // And they work as SRTP between the two ends.
            try (SrtpSession ours = new SrtpSession(serverKeys); SrtpSession theirs = SrtpSession.asClient(clientKeys)) {
                byte[] rtp = new byte[32];
                rtp[0] = (byte) 0x80;
                rtp[11] = 9;
                byte[] wire = new byte[64];
                byte[] back = new byte[64];
                int n = theirs.protectRtp(rtp, 0, rtp.length, wire);
                assertThat(Arrays.copyOf(back, ours.unprotectRtp(wire, 0, n, back))).isEqualTo(rtp);
            }
        }
    }

    @Test
    void aCertificateThatDoesNotMatchTheOfferedFingerprintFailsTheHandshake() throws Exception {
        DtlsCertificate announced = DtlsCertificate.generate(RANDOM, Clock.systemUTC());
        DtlsCertificate presented = DtlsCertificate.generate(RANDOM, Clock.systemUTC());
        ClientEnd pipe = new ClientEnd();
        Outcome outcome = new Outcome();
        try (DtlsSession server = session(announced, pipe, outcome)) {
            assertThatThrownBy(() -> DtlsClient.handshake(pipe, presented, SERVER.fingerprint()))
                    .isInstanceOf(IOException.class);
            assertThat(outcome.failed.get(5, TimeUnit.SECONDS)).isEqualTo("fingerprint_mismatch");
            assertThat(outcome.mismatch).isTrue();
            assertThat(outcome.connected).isNotDone();
        }
    }

    @Test
    void garbageRecordsFailTheHandshakeWithoutHangingTheThread() throws Exception {
        DtlsCertificate browser = DtlsCertificate.generate(RANDOM, Clock.systemUTC());
        ClientEnd pipe = new ClientEnd();
        Outcome outcome = new Outcome();
        try (DtlsSession server = session(browser, pipe, outcome)) {
            byte[] junk = new byte[100];
            RANDOM.nextBytes(junk);
            junk[0] = 22; // handshake content type, then nonsense
            junk[1] = (byte) 0xFE;
            junk[2] = (byte) 0xFD;
            for (int i = 0; i < 5; i++) {
                server.offer(junk, 0, junk.length);
            }
            // Nothing connects; closing stops the waiting thread (no events after close).
            Thread.sleep(200);
            assertThat(outcome.connected).isNotDone();
        }
    }
}
