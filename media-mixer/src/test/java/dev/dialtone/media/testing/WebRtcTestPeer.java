package dev.dialtone.media.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.tls.DatagramTransport;

import dev.dialtone.media.PayloadFormat;
import dev.dialtone.media.internal.codec.AudioCodec;
import dev.dialtone.media.internal.codec.Codecs;
import dev.dialtone.media.internal.rtp.MalformedPacketException;
import dev.dialtone.media.internal.rtp.RtpPacket;
import dev.dialtone.media.internal.rtp.TelephoneEvent;
import dev.dialtone.media.internal.webrtc.PacketClass;
import dev.dialtone.media.internal.webrtc.dtls.DtlsCertificate;
import dev.dialtone.media.internal.webrtc.dtls.DtlsClient;
import dev.dialtone.media.internal.webrtc.sdp.MediaDescription;
import dev.dialtone.media.internal.webrtc.sdp.SdpException;
import dev.dialtone.media.internal.webrtc.sdp.SdpParser;
import dev.dialtone.media.internal.webrtc.srtp.SrtpSession;
import dev.dialtone.media.internal.webrtc.stun.StunAttribute;
import dev.dialtone.media.internal.webrtc.stun.StunMessage;

/**
 * A browser-like WebRTC peer for tests that need no browser: a UDP socket on 127.0.0.1, an offer
 * shaped like Chromium's, a full-ICE controlling agent that sends its checks to the answer's host
 * candidate, the DTLS client ({@link DtlsClient}), SRTP both ways, audio and RFC 4733 events
 * sent in real time, and everything received kept for inspection. It can lie (announce one
 * certificate and present another) to test the server's checks.
 */
public final class WebRtcTestPeer implements AutoCloseable {
    private static final Pattern CANDIDATE = Pattern.compile("a=candidate:\\S+ 1 udp \\d+ (\\S+) (\\d+) typ host");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A packet that arrived, decrypted, with its arrival time. */
    public record Arrival(RtpPacket packet, long nanos) {
    }

    private final DatagramSocket socket;
    private final DtlsCertificate presented;
    private final DtlsCertificate announced;
    private final String ufrag = token(4);
    private final String password = token(24);
    private final List<Arrival> arrivals = new ArrayList<>();
    private final BlockingQueue<StunMessage> stunResponses = new LinkedBlockingQueue<>();
    private final long ssrc = RANDOM.nextLong(1, 0xFFFF_FFFFL);
    private int sequence = RANDOM.nextInt(0x10000);
    private long timestamp = RANDOM.nextLong(0x1_0000_0000L);
    private volatile boolean closed;
    private volatile SrtpSession srtp;
    private volatile int rtcpReceived;
    private InetSocketAddress remote;
    private String remoteUfrag;
    private String remotePassword;
    private Thread reader;

    private WebRtcTestPeer(DtlsCertificate presented, DtlsCertificate announced) throws SocketException {
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.presented = presented;
        this.announced = announced;
    }

    /** An honest peer. */
    public static WebRtcTestPeer open() throws SocketException {
        DtlsCertificate c = DtlsCertificate.generate(RANDOM, Clock.systemUTC());
        return new WebRtcTestPeer(c, c);
    }

    /** A peer whose offer announces one certificate while DTLS presents another. */
    public static WebRtcTestPeer impostor() throws SocketException {
        return new WebRtcTestPeer(DtlsCertificate.generate(RANDOM, Clock.systemUTC()),
                DtlsCertificate.generate(RANDOM, Clock.systemUTC()));
    }

    private static String token(int n) {
        String chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(chars.charAt(RANDOM.nextInt(chars.length())));
        }
        return sb.toString();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** An audio-only offer like Chromium's: Opus (unless {@code withOpus} is false), PCMU and telephone-event. */
    public String offer(boolean withOpus) {
        return offer(withOpus, "sendrecv", false);
    }

    /** An offer (or re-offer: same ICE credentials and fingerprint) with an audio direction and maybe video. */
    public String offer(boolean withOpus, String direction, boolean withVideo) {
        String formats = withOpus ? "111 0 110 126" : "0 126";
        StringBuilder sb = new StringBuilder();
        for (String line : List.of("v=0", "o=- " + RANDOM.nextLong(1, Long.MAX_VALUE) + " 2 IN IP4 127.0.0.1", "s=-",
                "t=0 0", withVideo ? "a=group:BUNDLE 0 1" : "a=group:BUNDLE 0", "a=msid-semantic: WMS",
                "m=audio 9 UDP/TLS/RTP/SAVPF " + formats, "c=IN IP4 0.0.0.0", "a=rtcp:9 IN IP4 0.0.0.0",
                "a=ice-ufrag:" + ufrag, "a=ice-pwd:" + password, "a=ice-options:trickle",
                "a=fingerprint:sha-256 " + announced.fingerprint().hex(), "a=setup:actpass", "a=mid:0", "a=" + direction,
                "a=rtcp-mux")) {
            sb.append(line).append("\r\n");
        }
        if (withOpus) {
            sb.append("a=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n");
        }
        sb.append("a=rtpmap:0 PCMU/8000\r\n");
        if (withOpus) {
            sb.append("a=rtpmap:110 telephone-event/48000\r\n");
        }
        sb.append("a=rtpmap:126 telephone-event/8000\r\n");
        if (withVideo) {
            sb.append("m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:").append(ufrag)
                    .append("\r\na=ice-pwd:").append(password).append("\r\na=fingerprint:sha-256 ")
                    .append(announced.fingerprint().hex()).append("\r\na=setup:actpass\r\na=mid:1\r\na=sendrecv\r\n")
                    .append("a=rtcp-mux\r\na=rtpmap:96 VP8/90000\r\n");
        }
        return sb.toString();
    }

    /** Reads the answer's host candidate and ICE credentials. */
    public void accept(String answer) throws SdpException {
        Matcher m = CANDIDATE.matcher(answer);
        if (!m.find()) {
            throw new IllegalArgumentException("the answer has no host candidate");
        }
        remote = new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2)));
        MediaDescription audio = SdpParser.parse(answer).media().get(0);
        remoteUfrag = audio.ice().orElseThrow().ufrag();
        remotePassword = audio.ice().orElseThrow().password();
    }

    /** Accepts the answer, checks connectivity with USE-CANDIDATE, runs DTLS and starts receiving SRTP. */
    public void connect(String answer, MediaDescription.DtlsFingerprint serverFingerprint) throws Exception {
        accept(answer);
        StunMessage response = check(true, remotePassword, Duration.ofSeconds(2)).orElseThrow(
                () -> new IOException("no answer to the connectivity check"));
        if (response.kind() != StunMessage.Kind.SUCCESS_RESPONSE || !response.integrityMatches(bytes(remotePassword))) {
            throw new IOException("connectivity check failed: " + response);
        }
        var keys = DtlsClient.handshake(new SocketTransport(), presented, serverFingerprint);
        srtp = SrtpSession.asClient(keys);
        startReader();
    }

    /** The fingerprint in an answer. */
    public static MediaDescription.DtlsFingerprint fingerprintOf(String answer) throws SdpException {
        return SdpParser.parse(answer).media().get(0).fingerprint().orElseThrow();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Sends a Binding request keyed with {@code key} and waits for the response. */
    public Optional<StunMessage> check(boolean useCandidate, String key, Duration timeout) throws IOException {
        byte[] txid = new byte[12];
        RANDOM.nextBytes(txid);
        List<StunAttribute> attrs = new ArrayList<>(List.of(new StunAttribute.Username(remoteUfrag + ":" + ufrag),
                new StunAttribute.Priority(1_845_501_695L), new StunAttribute.IceControlling(RANDOM.nextLong())));
        if (useCandidate) {
            attrs.add(new StunAttribute.UseCandidate());
        }
        sendRaw(StunMessage.encode(StunMessage.BINDING, StunMessage.Kind.REQUEST, txid, attrs, Optional.of(bytes(key))));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            StunMessage m;
            if (reader == null) {
                m = readStun(deadline);
            } else {
                try {
                    m = stunResponses.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
            if (m != null && Arrays.equals(m.transactionId(), txid)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** The password the answer gave (for tests that send a wrong one). */
    public String remotePassword() {
        return remotePassword;
    }

    private StunMessage readStun(long deadline) throws IOException {
        byte[] buf = new byte[2048];
        while (System.nanoTime() < deadline) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return null;
            }
            if (PacketClass.of(buf, 0, p.getLength()) == PacketClass.STUN) {
                try {
                    return StunMessage.parse(buf, 0, p.getLength());
                } catch (MalformedPacketException e) {
                    return null;
                }
            }
        }
        return null;
    }

    public void sendRaw(byte[] data) throws IOException {
        socket.send(new DatagramPacket(data, data.length, remote));
    }

    /** The DTLS client's view of the socket: DTLS records only, with the handshake's timeouts. */
    private final class SocketTransport implements DatagramTransport {
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
            socket.send(new DatagramPacket(buf, off, len, remote));
        }

        @Override
        public void close() {
        }
    }

    private void startReader() throws SocketException {
        socket.setSoTimeout(200);
        reader = Thread.ofPlatform().daemon(true).name("webrtc-test-peer").start(() -> {
            byte[] buf = new byte[2048];
            byte[] plain = new byte[2048];
            while (!closed) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    continue;
                } catch (IOException e) {
                    return;
                }
                long now = System.nanoTime();
                int len = p.getLength();
                switch (PacketClass.of(buf, 0, len)) {
                    case STUN -> {
                        try {
                            stunResponses.add(StunMessage.parse(buf, 0, len));
                        } catch (MalformedPacketException ignored) {
                            // not for us
                        }
                    }
                    case RTP_OR_RTCP -> {
                        // SrtpSession is single-threaded (one packet buffer): send() runs on other threads.
                        if (RtpPacket.isRtcp(buf, 0, len)) {
                            int n;
                            synchronized (srtp) {
                                n = srtp.unprotectRtcp(buf, 0, len, plain);
                            }
                            if (n > 0) {
                                rtcpReceived++;
                            }
                        } else {
                            int n;
                            synchronized (srtp) {
                                n = srtp.unprotectRtp(buf, 0, len, plain);
                            }
                            if (n > 0) {
                                try {
                                    RtpPacket rtp = RtpPacket.parse(plain, 0, n);
                                    synchronized (arrivals) {
                                        arrivals.add(new Arrival(rtp, now));
                                    }
                                } catch (MalformedPacketException ignored) {
                                    // counted as nothing
                                }
                            }
                        }
                    }
                    default -> {
                        // DTLS after the handshake (retransmissions): nothing to do
                    }
                }
            }
        });
    }

    /** Encrypts and sends one RTP packet. */
    public void send(RtpPacket packet) throws IOException {
        byte[] plain = new byte[packet.encodedLength()];
        packet.writeTo(plain, 0);
        byte[] wire = new byte[plain.length + SrtpSession.RTP_OVERHEAD];
        int n;
        synchronized (srtp) {
            n = srtp.protectRtp(plain, 0, plain.length, wire);
        }
        socket.send(new DatagramPacket(wire, n, remote));
    }

    /** Packets of 20 ms of {@code pcm} (8 kHz) in {@code format}, continuing our sequence and timestamps. */
    public List<RtpPacket> audioPackets(short[] pcm, PayloadFormat format) {
        AudioCodec codec = Codecs.forFormat(format).orElseThrow();
        AudioCodec.Encoder enc = codec.newEncoder();
        int units = codec.timestampUnitsPerSample();
        List<RtpPacket> out = new ArrayList<>();
        byte[] buf = new byte[1_500];
        for (int pos = 0; pos + 160 <= pcm.length; pos += 160) {
            int n = enc.encode(pcm, pos, 160, buf, 0);
            out.add(RtpPacket.of(out.isEmpty(), format.payloadType(), nextSequence(), timestamp, ssrc,
                    Arrays.copyOf(buf, n)));
            timestamp = (timestamp + 160L * units) & 0xFFFF_FFFFL;
        }
        return out;
    }

    /** One RFC 4733 digit of {@code millis}: updates every 20 ms, then three end packets; durations in {@code clockRate}. */
    public List<RtpPacket> eventPackets(char digit, int millis, int payloadType, int clockRate) {
        List<RtpPacket> out = new ArrayList<>();
        long start = timestamp;
        int code = TelephoneEvent.eventFor(digit);
        int perMs = clockRate / 1_000;
        for (int t = 20; t <= millis; t += 20) {
            out.add(RtpPacket.of(t == 20, payloadType, nextSequence(), start, ssrc,
                    new TelephoneEvent(code, t == millis, 10, t * perMs).toBytes()));
        }
        for (int i = 0; i < 2; i++) {
            out.add(RtpPacket.of(false, payloadType, nextSequence(), start, ssrc,
                    new TelephoneEvent(code, true, 10, millis * perMs).toBytes()));
        }
        timestamp = (timestamp + (long) millis * perMs) & 0xFFFF_FFFFL;
        return out;
    }

    private int nextSequence() {
        int s = sequence;
        sequence = (sequence + 1) & 0xFFFF;
        return s;
    }

    /** Sends packets every 20 ms on a background thread; completes when done. */
    public CompletableFuture<Void> play(List<RtpPacket> packets) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofPlatform().daemon(true).name("webrtc-test-peer-send").start(() -> {
            long start = System.nanoTime();
            try {
                for (int i = 0; i < packets.size() && !closed; i++) {
                    long wait = start + i * 20_000_000L - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    send(packets.get(i));
                }
                done.complete(null);
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    public List<Arrival> arrivals() {
        synchronized (arrivals) {
            return List.copyOf(arrivals);
        }
    }

    public int rtcpReceived() {
        return rtcpReceived;
    }

    /** Decoded audio of every received packet of {@code format}'s payload type, in arrival order. */
    public short[] receivedAudio(PayloadFormat format) {
        AudioCodec.Decoder dec = Codecs.forFormat(format).orElseThrow().newDecoder();
        List<Arrival> list = arrivals();
        short[] out = new short[list.size() * 160 * 3];
        int pos = 0;
        for (Arrival a : list) {
            RtpPacket p = a.packet();
            if (p.payloadType() == format.payloadType() && pos + 480 <= out.length) {
                pos += dec.decode(p.payload(), 0, p.payload().length, out, pos);
            }
        }
        return Arrays.copyOf(out, pos);
    }

    /** Waits until {@code count} RTP packets arrived or the timeout passed; returns how many did. */
    public int awaitPackets(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            int n;
            synchronized (arrivals) {
                n = arrivals.size();
            }
            if (n >= count) {
                return n;
            }
            LockSupport.parkNanos(5_000_000);
        }
        synchronized (arrivals) {
            return arrivals.size();
        }
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
        if (reader != null) {
            try {
                reader.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
