package dev.dialtone.media.internal.webrtc.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.tls.DatagramTransport;

/**
 * One DTLS-SRTP handshake in memory between a {@link DtlsSession} and a {@link DtlsClient}, run once
 * when the engine starts: the first handshake in a JVM spends hundreds of milliseconds loading and
 * compiling BouncyCastle, which the first browser to call would otherwise wait for.
 */
public final class DtlsWarmUp {
    private DtlsWarmUp() {
    }

    /** Runs the handshake; returns true if both ends agreed on SRTP keys within {@code timeoutMillis}. */
    public static boolean run(DtlsCertificate server, SecureRandom random, Clock clock, long timeoutMillis) {
        DtlsCertificate client = DtlsCertificate.generate(random, clock);
        BlockingQueue<byte[]> toClient = new ArrayBlockingQueue<>(64);
        CompletableFuture<SrtpKeys> serverKeys = new CompletableFuture<>();
        DtlsSession session = new DtlsSession("warm-up", server, client.fingerprint(), random,
                (d, o, l) -> toClient.offer(Arrays.copyOfRange(d, o, o + l)), new DtlsSession.Events() {
                    @Override
                    public void connected(SrtpKeys keys) {
                        serverKeys.complete(keys);
                    }

                    @Override
                    public void failed(boolean fingerprintMismatch, String detail) {
                        serverKeys.completeExceptionally(new IOException(detail));
                    }

                    @Override
                    public void closedByPeer() {
                    }
                });
        try (session) {
            DatagramTransport pipe = new DatagramTransport() {
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
                        int n = Math.min(len, d.length);
                        System.arraycopy(d, 0, buf, off, n);
                        return n;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException();
                    }
                }

                @Override
                public void send(byte[] buf, int off, int len) {
                    session.offer(buf, off, len);
                }

                @Override
                public void close() {
                }
            };
            DtlsClient.handshake(pipe, client, server.fingerprint());
            serverKeys.get(timeoutMillis, TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
