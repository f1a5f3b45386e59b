package dev.dialtone.media.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

import dev.dialtone.core.AudioFrame;
import dev.dialtone.media.PayloadFormat;
import dev.dialtone.media.internal.codec.Codecs;
import dev.dialtone.media.internal.rtp.MalformedPacketException;
import dev.dialtone.media.internal.rtp.RtpPacket;
import dev.dialtone.media.internal.rtp.TelephoneEvent;

/**
 * The far end of an RTP session, for tests: a real UDP socket pair on 127.0.0.1 (ephemeral ports)
 * that sends RTP on a schedule (so tests can add loss, reordering and clock skew) and records
 * everything it receives with arrival times. Reusable by the SIP and WebRTC modules' tests.
 */
public final class RtpPeer implements AutoCloseable {
    /** A packet to send {@code atNanos} after the schedule starts. */
    public record Timed(RtpPacket packet, long atNanos) {
    }

    /** A packet that arrived, with its arrival time (System.nanoTime). */
    public record Arrival(RtpPacket packet, long nanos) {
    }

    private final DatagramChannel rtp;
    private final DatagramChannel rtcp;
    private final List<Arrival> arrivals = new ArrayList<>();
    private final List<byte[]> rtcpReceived = new ArrayList<>();
    private final Thread rtpReader;
    private final Thread rtcpReader;
    private final long ssrc = ThreadLocalRandom.current().nextLong(1, 0xFFFF_FFFFL);
    private int sequence = ThreadLocalRandom.current().nextInt(0x10000);
    private long timestamp = ThreadLocalRandom.current().nextLong(0x1_0000_0000L);
    private volatile boolean closed;

    private RtpPeer() throws IOException {
        InetAddress lo = InetAddress.getLoopbackAddress();
        rtp = DatagramChannel.open().bind(new InetSocketAddress(lo, 0));
        rtcp = DatagramChannel.open().bind(new InetSocketAddress(lo, 0));
        rtpReader = Thread.ofPlatform().daemon(true).name("rtp-peer-rtp").start(() -> read(rtp, true));
        rtcpReader = Thread.ofPlatform().daemon(true).name("rtp-peer-rtcp").start(() -> read(rtcp, false));
    }

    public static RtpPeer open() throws IOException {
        return new RtpPeer();
    }

    public InetSocketAddress address() {
        return local(rtp);
    }

    public InetSocketAddress rtcpAddress() {
        return local(rtcp);
    }

    private static InetSocketAddress local(DatagramChannel ch) {
        try {
            return (InetSocketAddress) ch.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public long ssrc() {
        return ssrc;
    }

    private void read(DatagramChannel ch, boolean isRtp) {
        ByteBuffer buf = ByteBuffer.allocate(2048);
        while (!closed) {
            try {
                buf.clear();
                ch.receive(buf);
                long now = System.nanoTime();
                buf.flip();
                byte[] data = new byte[buf.remaining()];
                buf.get(data);
                if (isRtp && !RtpPacket.isRtcp(data, 0, data.length)) {
                    RtpPacket p = RtpPacket.parse(data, 0, data.length);
                    synchronized (arrivals) {
                        arrivals.add(new Arrival(p, now));
                    }
                } else {
                    synchronized (rtcpReceived) {
                        rtcpReceived.add(data);
                    }
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | MalformedPacketException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    // --- building packets -------------------------------------------------------------------

    /** Encodes 8 kHz audio into packets of {@code ptimeMs}, continuing this peer's sequence and timestamps. */
    public List<RtpPacket> audioPackets(short[] pcm, PayloadFormat format, int ptimeMs) {
        var encoder = Codecs.forFormat(format).orElseThrow().newEncoder();
        int per = ptimeMs * 8;
        List<RtpPacket> out = new ArrayList<>();
        for (int pos = 0; pos + per <= pcm.length; pos += per) {
            byte[] payload = new byte[per];
            encoder.encode(pcm, pos, per, payload, 0);
            out.add(RtpPacket.of(out.isEmpty(), format.payloadType(), nextSequence(), timestamp, ssrc, payload));
            timestamp = (timestamp + per) & 0xFFFF_FFFFL;
        }
        return out;
    }

    /**
     * The packets of one RFC 4733 event starting now: updates every 20 ms for {@code millis}, then
     * three end packets; audio timestamps advance past it.
     */
    public List<RtpPacket> eventPackets(char digit, int millis, int payloadType) {
        List<RtpPacket> out = new ArrayList<>();
        long start = timestamp;
        int code = TelephoneEvent.eventFor(digit);
        for (int t = 20; t <= millis; t += 20) {
            boolean end = t == millis;
            byte[] p = new TelephoneEvent(code, end, 10, t * 8).toBytes();
            out.add(RtpPacket.of(t == 20, payloadType, nextSequence(), start, ssrc, p));
        }
        for (int i = 0; i < 2; i++) {
            out.add(RtpPacket.of(false, payloadType, nextSequence(), start, ssrc,
                    new TelephoneEvent(code, true, 10, millis * 8).toBytes()));
        }
        timestamp = (timestamp + millis * 8L) & 0xFFFF_FFFFL;
        return out;
    }

    /** Moves this peer's timestamps on by {@code millis} (a pause in sending). */
    public void skip(int millis) {
        timestamp = (timestamp + millis * 8L) & 0xFFFF_FFFFL;
    }

    private int nextSequence() {
        int s = sequence;
        sequence = (sequence + 1) & 0xFFFF;
        return s;
    }

    /** Evenly spaced send times: one packet every {@code intervalMs} (20 ms = real time; 19.05 = 5 % fast). */
    public static List<Timed> paced(List<RtpPacket> packets, double intervalMs) {
        List<Timed> out = new ArrayList<>(packets.size());
        for (int i = 0; i < packets.size(); i++) {
            out.add(new Timed(packets.get(i), Math.round(i * intervalMs * 1_000_000)));
        }
        return out;
    }

    // --- sending ------------------------------------------------------------------------------

    public void send(RtpPacket p, InetSocketAddress to) {
        byte[] b = new byte[p.encodedLength()];
        p.writeTo(b, 0);
        try {
            rtp.send(ByteBuffer.wrap(b), to);
        } catch (IOException e) {
            throw new IllegalStateException("send failed", e);
        }
    }

    /** Sends raw bytes from the RTP socket (malformed-input tests). */
    public void sendRaw(byte[] data, InetSocketAddress to) throws IOException {
        rtp.send(ByteBuffer.wrap(data), to);
    }

    /** Sends the schedule on a background thread (absolute times, no drift); completes when done. */
    public CompletableFuture<Void> play(List<Timed> schedule, InetSocketAddress to) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofPlatform().daemon(true).name("rtp-peer-send").start(() -> {
            long start = System.nanoTime();
            try {
                for (Timed t : schedule) {
                    long wait = start + t.atNanos() - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    if (closed) {
                        break;
                    }
                    send(t.packet(), to);
                }
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Streams {@code pcm} as real-time 20 ms PCMU packets. */
    public CompletableFuture<Void> stream(short[] pcm, InetSocketAddress to) {
        return play(paced(audioPackets(pcm, PayloadFormat.PCMU, 20), 20), to);
    }

    // --- what arrived -------------------------------------------------------------------------

    public List<Arrival> arrivals() {
        synchronized (arrivals) {
            return List.copyOf(arrivals);
        }
    }

    public void clear() {
        synchronized (arrivals) {
            arrivals.clear();
        }
        synchronized (rtcpReceived) {
            rtcpReceived.clear();
        }
    }

    public List<byte[]> rtcpDatagrams() {
        synchronized (rtcpReceived) {
            return List.copyOf(rtcpReceived);
        }
    }

    /** RTCP that arrived on the RTP socket's partner or, with mux, on the RTP socket. */
    public int rtcpCount() {
        synchronized (rtcpReceived) {
            return rtcpReceived.size();
        }
    }

    /** Decoded audio of every received packet of {@code format}, in arrival order. */
    public short[] receivedAudio(PayloadFormat format) {
        var decoder = Codecs.forFormat(format).orElseThrow().newDecoder();
        List<Arrival> list = arrivals();
        int total = 0;
        for (Arrival a : list) {
            if (a.packet().payloadType() == format.payloadType()) {
                total += a.packet().payload().length;
            }
        }
        short[] out = new short[total];
        int pos = 0;
        for (Arrival a : list) {
            RtpPacket p = a.packet();
            if (p.payloadType() == format.payloadType()) {
                pos += decoder.decode(p.payload(), 0, p.payload().length, out, pos);
            }
        }
        return out;
    }

    /** Waits until at least {@code count} packets arrived or {@code timeout} passed; returns the count. */
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

    /** Frames of 20 ms of silence-free tone, for convenience. */
    public static short[] tone(double frequency, double amplitude, int millis) {
        return new ToneGenerator(frequency, amplitude).next(millis);
    }

    public static int frameSamples() {
        return AudioFrame.SAMPLES;
    }

    @Override
    public void close() {
        closed = true;
        try {
            rtp.close();
            rtcp.close();
        } catch (IOException ignored) {
            // test teardown
        }
        try {
            rtpReader.join(1_000);
            rtcpReader.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
