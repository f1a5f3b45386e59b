package dev.dialtone.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.tls.DatagramTransport;

import dev.dialtone.media.PayloadFormat;
import dev.dialtone.media.internal.codec.AudioCodec;
import dev.dialtone.media.internal.codec.Codecs;
import dev.dialtone.media.internal.rtp.MalformedPacketException;
import dev.dialtone.media.internal.rtp.RtpPacket;
import dev.dialtone.media.internal.webrtc.PacketClass;
import dev.dialtone.media.internal.webrtc.dtls.DtlsCertificate;
import dev.dialtone.media.internal.webrtc.dtls.DtlsClient;
import dev.dialtone.media.internal.webrtc.sdp.MediaDescription;
import dev.dialtone.media.internal.webrtc.sdp.SdpParser;
import dev.dialtone.media.internal.webrtc.srtp.SrtpSession;
import dev.dialtone.media.internal.webrtc.stun.StunAttribute;
import dev.dialtone.media.internal.webrtc.stun.StunMessage;

/**
 * One simulated browser's media in {@link VideoconfLoad}: a UDP channel on 127.0.0.1, an audio offer
 * shaped like Chromium's (Opus 111, PCMU, telephone-event), a controlling ICE check with USE-CANDIDATE
 * to the answer's host candidate, the DTLS client handshake, then SRTP both ways. It sends Opus
 * packets encoded once in advance (a tone, looped; the node decodes every one) and counts, and for a
 * sample of peers decodes, what the room sends back.
 */
final class LoadWebPeer {
    static final PayloadFormat OPUS = new PayloadFormat("OPUS", 111, 48_000);
    private static final Pattern CANDIDATE = Pattern.compile("a=candidate:\\S+ 1 udp \\d+ (\\S+) (\\d+) typ host");
    private static final SecureRandom RANDOM = new SecureRandom();

    final int index;
    final int room;
    final String user;
    final DatagramChannel channel;
    final long ssrc = RANDOM.nextLong(1, 0xFFFF_FFFFL);
    private final DtlsCertificate certificate = DtlsCertificate.generate(RANDOM, Clock.systemUTC());
    private final String ufrag = token(4);
    private final String password = token(24);
    private final AudioCodec.Decoder decoder;
    private final short[] pcm = new short[960];
    private final byte[] plain = new byte[2048]; // sender thread
    private final byte[] rxPlain = new byte[2048];
    private final byte[] wire = new byte[2048];
    private final double[] listenFor;
    private volatile SrtpSession srtp;
    private volatile InetSocketAddress remote;
    private byte[] consentKey;
    private String consentUser;
    private int sequence = RANDOM.nextInt(0x10000);
    private long timestamp = RANDOM.nextLong(0x1_0000_0000L);
    final Stats stats = new Stats();

    LoadWebPeer(int index, int room, String user, boolean decode, double[] listenFor) throws IOException {
        this.index = index;
        this.room = room;
        this.user = user;
        this.listenFor = listenFor;
        this.decoder = decode ? Codecs.forFormat(OPUS).orElseThrow().newDecoder() : null;
        this.channel = DatagramChannel.open();
        channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 256 * 1024);
        channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    private static String token(int n) {
        String chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(chars.charAt(RANDOM.nextInt(chars.length())));
        }
        return sb.toString();
    }

    boolean ready() {
        return srtp != null;
    }

    /** An audio-only offer like Chromium's. */
    String offer() {
        StringBuilder sb = new StringBuilder();
        for (String line : List.of("v=0", "o=- " + RANDOM.nextLong(1, Long.MAX_VALUE) + " 2 IN IP4 127.0.0.1", "s=-", "t=0 0",
                "a=group:BUNDLE 0", "a=msid-semantic: WMS", "m=audio 9 UDP/TLS/RTP/SAVPF 111 0 126", "c=IN IP4 0.0.0.0",
                "a=rtcp:9 IN IP4 0.0.0.0", "a=ice-ufrag:" + ufrag, "a=ice-pwd:" + password, "a=ice-options:trickle",
                "a=fingerprint:sha-256 " + certificate.fingerprint().hex(), "a=setup:actpass", "a=mid:0", "a=sendrecv",
                "a=rtcp-mux", "a=rtpmap:111 opus/48000/2", "a=fmtp:111 minptime=10;useinbandfec=1", "a=rtpmap:0 PCMU/8000",
                "a=rtpmap:126 telephone-event/8000")) {
            sb.append(line).append("\r\n");
        }
        return sb.toString();
    }

    /**
     * Blocking, on a setup thread: the ICE check to the answer's host candidate, then the DTLS
     * handshake. Afterwards the channel is switched to non-blocking for the receiver's selector.
     */
    void connect(String answer) throws Exception {
        Matcher m = CANDIDATE.matcher(answer);
        if (!m.find()) {
            throw new IOException("the answer has no host candidate");
        }
        InetSocketAddress to = new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2)));
        MediaDescription audio = SdpParser.parse(answer).media().get(0);
        MediaDescription.IceCredentials ice = audio.ice().orElseThrow();
        MediaDescription.DtlsFingerprint fingerprint = audio.fingerprint().orElseThrow();
        remote = to;
        DatagramSocket socket = channel.socket();
        byte[] key = ice.password().getBytes(StandardCharsets.UTF_8);
        boolean checked = false;
        for (int attempt = 0; attempt < 5 && !checked; attempt++) {
            byte[] txid = new byte[12];
            RANDOM.nextBytes(txid);
            List<StunAttribute> attrs = new ArrayList<>(List.of(new StunAttribute.Username(ice.ufrag() + ":" + ufrag),
                    new StunAttribute.Priority(1_845_501_695L), new StunAttribute.IceControlling(RANDOM.nextLong()),
                    new StunAttribute.UseCandidate()));
            byte[] request = StunMessage.encode(StunMessage.BINDING, StunMessage.Kind.REQUEST, txid, attrs, Optional.of(key));
            socket.send(new DatagramPacket(request, request.length, to));
            long deadline = System.nanoTime() + 1_000_000_000L;
            byte[] buf = new byte[2048];
            while (System.nanoTime() < deadline && !checked) {
                socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    break;
                }
                if (PacketClass.of(buf, 0, p.getLength()) == PacketClass.STUN) {
                    try {
                        StunMessage r = StunMessage.parse(buf, 0, p.getLength());
                        checked = Arrays.equals(r.transactionId(), txid) && r.kind() == StunMessage.Kind.SUCCESS_RESPONSE
                                && r.integrityMatches(key);
                    } catch (MalformedPacketException ignored) {
                        // not an answer
                    }
                }
            }
        }
        if (!checked) {
            throw new IOException("no answer to the ICE connectivity check");
        }
        consentKey = key;
        consentUser = ice.ufrag() + ":" + ufrag;
        srtpReady(DtlsClient.handshake(new Transport(socket, to), certificate, fingerprint));
        channel.configureBlocking(false);
    }

    private void srtpReady(dev.dialtone.media.internal.webrtc.dtls.SrtpKeys keys) {
        srtp = SrtpSession.asClient(keys);
    }

    /**
     * Sender thread: one pre-encoded Opus frame, SRTP-protected, to the node; every 3 s (frame
     * {@code frame}) also a consent check (RFC 7675) as browsers send, without which the node
     * rightly drops the call after its consent timeout.
     */
    void send(byte[] opusFrame, long frame, ByteBuffer out) throws IOException {
        SrtpSession s = srtp;
        if (s == null) {
            return;
        }
        if ((frame + index) % 150 == 0) {
            byte[] txid = new byte[12];
            RANDOM.nextBytes(txid);
            byte[] check = StunMessage.encode(StunMessage.BINDING, StunMessage.Kind.REQUEST, txid,
                    List.of(new StunAttribute.Username(consentUser), new StunAttribute.Priority(1_845_501_695L),
                            new StunAttribute.IceControlling(ssrc)), Optional.of(consentKey));
            out.clear();
            out.put(check).flip();
            channel.send(out, remote);
            stats.consentChecks++;
        }
        int n = RtpPacket.writeHeader(plain, 0, false, OPUS.payloadType(), sequence, timestamp, ssrc, 0, false);
        System.arraycopy(opusFrame, 0, plain, n, opusFrame.length);
        int len;
        synchronized (s) { // SrtpSession shares one packet buffer between protect and unprotect
            len = s.protectRtp(plain, 0, n + opusFrame.length, wire);
        }
        sequence = (sequence + 1) & 0xFFFF;
        timestamp = (timestamp + 960) & 0xFFFF_FFFFL;
        out.clear();
        out.put(wire, 0, len).flip();
        channel.send(out, remote);
        stats.sent++;
    }

    /** Receiver thread: one datagram from the node. */
    void received(byte[] buf, int len, long now, int window) {
        boolean inWindow = stats.enter(window);
        SrtpSession s = srtp;
        if (s == null || PacketClass.of(buf, 0, len) != PacketClass.RTP_OR_RTCP || RtpPacket.isRtcp(buf, 0, len)) {
            return;
        }
        int n;
        synchronized (s) {
            n = s.unprotectRtp(buf, 0, len, rxPlain);
        }
        if (n <= 0) {
            stats.undecryptable++;
            return;
        }
        int pt = rxPlain[1] & 0x7F;
        if (pt != OPUS.payloadType() && pt != 0) {
            return;
        }
        stats.arrived(now, inWindow);
        if (decoder != null && inWindow && pt == OPUS.payloadType()) {
            try {
                RtpPacket p = RtpPacket.parse(rxPlain, 0, n);
                int samples = decoder.decode(p.payload(), 0, p.payload().length, pcm, 0);
                stats.decoded++;
                if (ToneMeter.anyPresent(pcm, samples, listenFor)) {
                    stats.heard++;
                }
            } catch (MalformedPacketException | RuntimeException e) {
                stats.undecodable++;
            }
        }
    }

    /** What one participant sent and received; written by one thread each, read after the run. */
    static final class Stats {
        long sent;
        long consentChecks;
        volatile String ended = "";
        long joinRequestedNanos;
        long firstPacketNanos;
        long windowPackets;
        long total;
        long lastArrival;
        long maxGapNanos;
        long decoded;
        long heard;
        long undecryptable;
        long undecodable;

        int window;

        /** Whether {@code id} is a measuring window (not 0); a new window starts its counts from zero. */
        boolean enter(int id) {
            if (id != 0 && id != window) {
                window = id;
                windowPackets = 0;
                lastArrival = 0;
                maxGapNanos = 0;
                decoded = 0;
                heard = 0;
            }
            return id != 0;
        }

        void arrived(long now, boolean inWindow) {
            total++;
            if (firstPacketNanos == 0) {
                firstPacketNanos = now;
            }
            if (inWindow) {
                windowPackets++;
                if (lastArrival != 0) {
                    maxGapNanos = Math.max(maxGapNanos, now - lastArrival);
                }
                lastArrival = now;
            }
        }
    }

    /** The DTLS client's view of the channel (blocking): DTLS records only, with the handshake's timeouts. */
    private record Transport(DatagramSocket socket, InetSocketAddress to) implements DatagramTransport {
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
            long deadline = System.nanoTime() + Math.max(1, waitMillis) * 1_000_000L;
            byte[] tmp = new byte[2048];
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return -1;
                }
                socket.setSoTimeout((int) left);
                DatagramPacket p = new DatagramPacket(tmp, tmp.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    return -1;
                }
                if (PacketClass.of(tmp, 0, p.getLength()) == PacketClass.DTLS) {
                    int n = Math.min(len, p.getLength());
                    System.arraycopy(tmp, 0, buf, off, n);
                    return n;
                }
            }
        }

        @Override
        public void send(byte[] buf, int off, int len) throws IOException {
            socket.send(new DatagramPacket(buf, off, len, to));
        }

        @Override
        public void close() {
        }
    }
}
