package dev.dialtone.media.internal.webrtc.srtp;

import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.srtp.crypto.Aes;

import dev.dialtone.media.internal.webrtc.dtls.SrtpKeys;

/**
 * SRTP and SRTCP (RFC 3711) for one WebRTC session with AES-128 counter mode and an 80-bit HMAC-SHA1
 * tag, keyed from DTLS (we protect with the server keys, unprotect with the client keys). Incoming
 * streams get a context per SSRC (replay protection included), at most {@value #MAX_REMOTE_SSRCS}
 * of them. Used by one thread at a time (the endpoint's mixer thread).
 */
public final class SrtpSession implements AutoCloseable {
    /** Bytes SRTP adds to an RTP packet (the tag) and SRTCP adds to an RTCP packet (E+index and the tag). */
    public static final int RTP_OVERHEAD = 10;
    public static final int RTCP_OVERHEAD = 14;
    private static final int MAX_REMOTE_SSRCS = 8;

    private static final java.util.concurrent.atomic.AtomicBoolean WARM = new java.util.concurrent.atomic.AtomicBoolean();

    static {
        // Prefer the JDK's AES (AES-NI). jitsi-srtp still benchmarks every provider the first time a cipher is
        // made (seconds on a busy machine, holding a global lock): see warmUp.
        Aes.setFactoryClassName("org.jitsi.srtp.crypto.Aes$SunJCECipherFactory");
    }

    /**
     * Makes every cipher SRTP uses once, so jitsi-srtp's one-time provider benchmark is over before
     * a mixer thread derives its first context (which would otherwise block it for seconds). Cheap
     * after the first call in a JVM; call it from a thread that may wait.
     */
    public static void warmUp() {
        if (WARM.get()) {
            return;
        }
        byte[] material = new byte[SrtpKeys.MATERIAL_LENGTH];
        new java.security.SecureRandom().nextBytes(material);
        SrtpKeys keys = SrtpKeys.fromMaterial(material);
        try (SrtpSession a = new SrtpSession(keys); SrtpSession b = asClient(keys)) {
            byte[] rtp = new byte[172];
            rtp[0] = (byte) 0x80;
            byte[] rtcp = {(byte) 0x80, (byte) 201, 0, 1, 0, 0, 0, 1};
            byte[] wire = new byte[256];
            byte[] back = new byte[256];
            b.unprotectRtp(wire, 0, a.protectRtp(rtp, 0, rtp.length, wire), back);
            b.unprotectRtcp(wire, 0, a.protectRtcp(rtcp, 0, rtcp.length, wire), back);
        }
        WARM.set(true);
    }

    private final SrtpContextFactory sender;
    private final SrtpContextFactory receiver;
    private final SrtpLogger logger = new SrtpLogger(SrtpSession.class.getName());
    private final Map<Integer, SrtpCryptoContext> remoteRtp = lru();
    private final Map<Integer, SrtcpCryptoContext> remoteRtcp = lru();
    private SrtpCryptoContext localRtp;
    private SrtcpCryptoContext localRtcp;
    private int localSsrc;
    private final PacketBuffer buffer = new PacketBuffer(1500 + RTCP_OVERHEAD);

    public SrtpSession(SrtpKeys keys) {
        sender = new SrtpContextFactory(true, keys.serverKey(), keys.serverSalt(), policy(), policy(), logger);
        receiver = new SrtpContextFactory(false, keys.clientKey(), keys.clientSalt(), policy(), policy(), logger);
    }

    /** A session that protects with {@code keys}' client keys: the browser's side, for tests. */
    public static SrtpSession asClient(SrtpKeys keys) {
        return new SrtpSession(new SrtpKeys(keys.serverKey(), keys.serverSalt(), keys.clientKey(), keys.clientSalt()));
    }

    private static SrtpPolicy policy() {
        return new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, SrtpKeys.KEY_LENGTH, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20,
                10, SrtpKeys.SALT_LENGTH);
    }

    private static <V> Map<Integer, V> lru() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, V> eldest) {
                return size() > MAX_REMOTE_SSRCS;
            }
        };
    }

    /** Encrypts and authenticates an RTP packet into {@code out} (room for {@code length + 10}); returns its length or -1. */
    public int protectRtp(byte[] data, int offset, int length, byte[] out) {
        buffer.load(data, offset, length);
        try {
            int ssrc = ssrc(data, offset + 8);
            if (localRtp == null || ssrc != localSsrc) {
                localRtp = sender.deriveContext(ssrc, 0);
                localRtcp = sender.deriveControlContext(ssrc);
                localSsrc = ssrc;
            }
            return finish(localRtp.transformPacket(buffer), out);
        } catch (GeneralSecurityException e) {
            return -1;
        }
    }

    /** Encrypts and authenticates a compound RTCP packet (our SSRC first) into {@code out}; returns its length or -1. */
    public int protectRtcp(byte[] data, int offset, int length, byte[] out) {
        buffer.load(data, offset, length);
        try {
            int ssrc = ssrc(data, offset + 4);
            if (localRtcp == null || ssrc != localSsrc) {
                localRtp = sender.deriveContext(ssrc, 0);
                localRtcp = sender.deriveControlContext(ssrc);
                localSsrc = ssrc;
            }
            return finish(localRtcp.transformPacket(buffer), out);
        } catch (GeneralSecurityException e) {
            return -1;
        }
    }

    /** Checks and decrypts an SRTP packet into {@code out}; returns the RTP length, or -1 (forged, replayed, garbage). */
    public int unprotectRtp(byte[] data, int offset, int length, byte[] out) {
        if (length < 12 + RTP_OVERHEAD) {
            return -1;
        }
        buffer.load(data, offset, length);
        try {
            int ssrc = ssrc(data, offset + 8);
            SrtpCryptoContext c = remoteRtp.get(ssrc);
            if (c == null) {
                c = receiver.deriveContext(ssrc, 0);
                remoteRtp.put(ssrc, c);
            }
            return finish(c.reverseTransformPacket(buffer, false), out);
        } catch (GeneralSecurityException | RuntimeException e) {
            return -1;
        }
    }

    /** Checks and decrypts an SRTCP packet into {@code out}; returns the RTCP length, or -1. */
    public int unprotectRtcp(byte[] data, int offset, int length, byte[] out) {
        if (length < 8 + RTCP_OVERHEAD) {
            return -1;
        }
        buffer.load(data, offset, length);
        try {
            int ssrc = ssrc(data, offset + 4);
            SrtcpCryptoContext c = remoteRtcp.get(ssrc);
            if (c == null) {
                c = receiver.deriveControlContext(ssrc);
                remoteRtcp.put(ssrc, c);
            }
            return finish(c.reverseTransformPacket(buffer), out);
        } catch (GeneralSecurityException | RuntimeException e) {
            return -1;
        }
    }

    private int finish(SrtpErrorStatus status, byte[] out) {
        if (status != SrtpErrorStatus.OK || buffer.getLength() > out.length) {
            return -1;
        }
        System.arraycopy(buffer.getBuffer(), buffer.getOffset(), out, 0, buffer.getLength());
        return buffer.getLength();
    }

    private static int ssrc(byte[] d, int o) {
        return ((d[o] & 0xFF) << 24) | ((d[o + 1] & 0xFF) << 16) | ((d[o + 2] & 0xFF) << 8) | (d[o + 3] & 0xFF);
    }

    @Override
    public void close() {
        sender.close();
        receiver.close();
    }
}
