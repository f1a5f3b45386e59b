package dev.dialtone.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

/**
 * The far ends of the mixer benchmark, in their own JVM so that their CPU is not counted as the
 * mixer's: it plays N phones sending G.711 µ-law RTP (20 ms packets, each phone its own tone, send
 * times spread evenly over the 20 ms) to the mixer's endpoints over loopback, and measures what
 * comes back per phone: packets per second, inter-arrival deviation from 20 ms, and late packets
 * (more than 20 ms behind the phone's earliest arrival-minus-timestamp offset).
 *
 * <p>Protocol on stdin/stdout: prints {@code GROUPS ip:port ...} (one socket per 50 phones); reads
 * one line per phone: {@code <endpoint port> <group index>}, then a line {@code GO}; after warm-up
 * and measurement prints {@code RESULT key=value ...} and exits.
 */
public final class MixerLoadGenerator {
    private static final int PER_GROUP = 50;
    private static final long FRAME_NANOS = 20_000_000L;

    private MixerLoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        int phones = Integer.parseInt(args[0]);
        int warmupSeconds = Integer.parseInt(args[1]);
        int measureSeconds = Integer.parseInt(args[2]);
        InetAddress lo = InetAddress.getLoopbackAddress();
        int groups = (phones + PER_GROUP - 1) / PER_GROUP;
        List<DatagramChannel> sockets = new ArrayList<>();
        StringBuilder line = new StringBuilder("GROUPS");
        for (int g = 0; g < groups; g++) {
            DatagramChannel ch = DatagramChannel.open();
            ch.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 1 << 20);
            ch.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 1 << 20);
            ch.bind(new InetSocketAddress(lo, 0));
            sockets.add(ch);
            line.append(' ').append(((InetSocketAddress) ch.getLocalAddress()).getPort());
        }
        System.out.println(line);
        System.out.flush();

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        int[] targetPort = new int[phones];
        int[] group = new int[phones];
        int[] phoneByPort = new int[65_536];
        java.util.Arrays.fill(phoneByPort, -1);
        for (int i = 0; i < phones; i++) {
            String[] parts = in.readLine().trim().split(" ");
            targetPort[i] = Integer.parseInt(parts[0]);
            group[i] = Integer.parseInt(parts[1]);
            phoneByPort[targetPort[i]] = i;
        }
        if (!"GO".equals(in.readLine())) {
            throw new IllegalStateException("expected GO");
        }

        Receiver receiver = new Receiver(sockets, phoneByPort, phones, measureSeconds);
        Thread rx = Thread.ofPlatform().name("loadgen-rx").start(receiver);
        long start = System.nanoTime() + 50_000_000L;
        long measureFrom = start + warmupSeconds * 1_000_000_000L;
        long measureTo = measureFrom + measureSeconds * 1_000_000_000L;
        receiver.window(measureFrom, measureTo);
        send(sockets, targetPort, group, lo, start, measureTo + 200_000_000L);
        rx.join(5_000);
        receiver.report();
        for (DatagramChannel ch : sockets) {
            ch.close();
        }
        System.exit(0);
    }

    private static void send(List<DatagramChannel> sockets, int[] targetPort, int[] group, InetAddress lo, long start,
                             long until) throws IOException {
        int phones = targetPort.length;
        byte[][] payloads = new byte[16][];
        for (int t = 0; t < payloads.length; t++) {
            payloads[t] = tone(300 + 150 * t);
        }
        InetSocketAddress[] targets = new InetSocketAddress[phones];
        for (int i = 0; i < phones; i++) {
            targets[i] = new InetSocketAddress(lo, targetPort[i]);
        }
        int[] seq = new int[phones];
        long[] ts = new long[phones];
        long ssrcBase = 0x1000_0000L;
        ByteBuffer buf = ByteBuffer.allocateDirect(172);
        int slots = 20;
        for (long frame = 0; ; frame++) {
            for (int slot = 0; slot < slots; slot++) {
                long due = start + frame * FRAME_NANOS + slot * (FRAME_NANOS / slots);
                if (due > until) {
                    return;
                }
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                for (int i = slot; i < phones; i += slots) {
                    buf.clear();
                    buf.put((byte) 0x80).put((byte) 0).putShort((short) seq[i]).putInt((int) ts[i])
                            .putInt((int) (ssrcBase + i));
                    byte[] p = payloads[i % payloads.length];
                    int offset = (int) ((frame * 160) % 1_600);
                    buf.put(p, offset, 160);
                    buf.flip();
                    sockets.get(group[i]).send(buf, targets[i]);
                    seq[i] = (seq[i] + 1) & 0xFFFF;
                    ts[i] += 160;
                }
            }
        }
    }

    /** 200 ms of a µ-law tone (whole periods for the frequencies used), looped by offset. */
    private static byte[] tone(double hz) {
        byte[] out = new byte[1_600 + 160];
        for (int i = 0; i < out.length; i++) {
            short s = (short) Math.round(5_000 * Math.sin(2 * Math.PI * hz * (i % 1_600) / 8_000));
            out[i] = ulaw(s);
        }
        return out;
    }

    private static byte ulaw(short sample) {
        int sign = sample < 0 ? 0x80 : 0;
        int magnitude = Math.min(Math.abs((int) sample), 32_635) + 0x84;
        int exponent = 7;
        for (int mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    private static final class Receiver implements Runnable {
        private final List<DatagramChannel> sockets;
        private final int[] phoneByPort;
        private final long[] last;
        private final long[] count;
        private final long[][] offsets;
        private final int[] offsetCount;
        private final Histogram deviation = new Histogram(1_000_000_000L, 3);
        private volatile long from = Long.MAX_VALUE;
        private volatile long to = Long.MAX_VALUE;
        private long stray;

        Receiver(List<DatagramChannel> sockets, int[] phoneByPort, int phones, int seconds) {
            this.sockets = sockets;
            this.phoneByPort = phoneByPort;
            this.last = new long[phones];
            this.count = new long[phones];
            this.offsets = new long[phones][seconds * 50 + 100];
            this.offsetCount = new int[phones];
        }

        void window(long measureFrom, long measureTo) {
            from = measureFrom;
            to = measureTo;
        }

        @Override
        public void run() {
            try (Selector selector = Selector.open()) {
                for (DatagramChannel ch : sockets) {
                    ch.configureBlocking(false);
                    ch.register(selector, SelectionKey.OP_READ);
                }
                ByteBuffer buf = ByteBuffer.allocateDirect(2048);
                while (System.nanoTime() < to + 100_000_000L) {
                    selector.select(50);
                    for (SelectionKey key : selector.selectedKeys()) {
                        DatagramChannel ch = (DatagramChannel) key.channel();
                        while (true) {
                            buf.clear();
                            InetSocketAddress src = (InetSocketAddress) ch.receive(buf);
                            if (src == null) {
                                break;
                            }
                            long now = System.nanoTime();
                            int phone = phoneByPort[src.getPort()];
                            if (phone < 0 || buf.position() < 12 || (buf.get(1) & 0x7F) != 0) {
                                stray++;
                                continue;
                            }
                            long ts = buf.getInt(4) & 0xFFFF_FFFFL;
                            record(phone, now, ts);
                        }
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private void record(int phone, long now, long rtpTs) {
            if (now >= from && now < to) {
                if (last[phone] >= from) {
                    long d = Math.abs(now - last[phone] - FRAME_NANOS);
                    deviation.recordValue(Math.min(d, 999_999_999L));
                }
                count[phone]++;
                if (offsetCount[phone] < offsets[phone].length) {
                    // arrival minus media time, in microseconds
                    offsets[phone][offsetCount[phone]++] = (now - from) / 1_000 - rtpTs * 125;
                }
            }
            last[phone] = now;
        }

        void report() {
            double seconds = (to - from) / 1e9;
            long minCount = Long.MAX_VALUE, total = 0, late = 0;
            for (int p = 0; p < count.length; p++) {
                minCount = Math.min(minCount, count[p]);
                total += count[p];
                long min = Long.MAX_VALUE;
                for (int i = 0; i < offsetCount[p]; i++) {
                    min = Math.min(min, offsets[p][i]);
                }
                for (int i = 0; i < offsetCount[p]; i++) {
                    if (offsets[p][i] - min > 20_000) {
                        late++;
                    }
                }
            }
            System.out.printf(Locale.ROOT, "RESULT minRate=%.2f meanRate=%.2f devP50Us=%d devP99Us=%d devMaxUs=%d late=%d stray=%d%n",
                    minCount / seconds, total / seconds / count.length, deviation.getValueAtPercentile(50) / 1_000,
                    deviation.getValueAtPercentile(99) / 1_000, deviation.getMaxValue() / 1_000, late, stray);
            System.out.flush();
        }
    }
}
