package dev.dialtone.bench;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * RTP timing as the wire sees it: {@code dumpcap} records the UDP packets sent to a few ports on the
 * loopback interface with kernel timestamps, taken when the sender's {@code sendto} hands the packet
 * to {@code lo}. Unlike a receiving program's own clock readings, these do not include the receiver's
 * scheduling delays, so they show the sender's output jitter alone. Used by {@code bench mixer} when
 * {@code dumpcap} is installed and may capture (root, or the capture capabilities).
 */
final class WireCapture {
    private static final int SNAPLEN = 96;
    private final Process dumpcap;
    private final Path file;

    private WireCapture(Process dumpcap, Path file) {
        this.dumpcap = dumpcap;
        this.file = file;
    }

    /** Starts capturing UDP to {@code dstPorts} on lo for {@code seconds}; empty if dumpcap is missing or refuses. */
    static Optional<WireCapture> start(List<Integer> dstPorts, int seconds, Path file) {
        StringBuilder filter = new StringBuilder("udp and (");
        for (int i = 0; i < dstPorts.size(); i++) {
            filter.append(i == 0 ? "" : " or ").append("dst port ").append(dstPorts.get(i));
        }
        filter.append(')');
        try {
            Process p = new ProcessBuilder("dumpcap", "-q", "-i", "lo", "-P", "-s", Integer.toString(SNAPLEN),
                    "-f", filter.toString(), "-a", "duration:" + seconds, "-w", file.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            // dumpcap needs a moment to open the interface; a capture that died at once is no capture.
            if (p.waitFor(500, TimeUnit.MILLISECONDS)) {
                return Optional.empty();
            }
            return Optional.of(new WireCapture(p, file));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * Waits for the capture to end and reads it: per sending port (one mixer endpoint per phone), the
     * deviation of each inter-arrival gap from {@code ptimeMicros}, and the packets more than
     * {@code ptimeMicros} behind that stream's earliest arrival-minus-RTP-timestamp offset (late).
     */
    Result finish(int ptimeMicros, int clockRate) throws IOException, InterruptedException {
        if (!dumpcap.waitFor(30, TimeUnit.SECONDS)) {
            dumpcap.destroy();
            dumpcap.waitFor(5, TimeUnit.SECONDS);
        }
        Map<Integer, List<long[]>> streams = new HashMap<>();
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            byte[] header = in.readNBytes(24);
            if (header.length < 24) {
                return new Result(0, 0, new Histogram(3), 0);
            }
            ByteBuffer h = ByteBuffer.wrap(header);
            int magic = h.getInt(0);
            ByteOrder order = magic == 0xa1b2c3d4 || magic == 0xa1b23c4d ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            h.order(order);
            boolean nanos = h.getInt(0) == 0xa1b23c4d;
            int link = h.getInt(20);
            int linkHeader = switch (link) {
                case 0 -> 4;     // BSD loopback
                case 1 -> 14;    // Ethernet, what Linux reports for lo
                case 101 -> 0;   // raw IP
                case 113 -> 16;  // Linux cooked
                case 276 -> 20;  // Linux cooked v2
                default -> throw new IOException("unexpected pcap link type " + link);
            };
            byte[] rec = new byte[16];
            while (true) {
                try {
                    in.readFully(rec);
                } catch (EOFException end) {
                    break;
                }
                ByteBuffer r = ByteBuffer.wrap(rec).order(order);
                long sec = Integer.toUnsignedLong(r.getInt(0));
                long frac = Integer.toUnsignedLong(r.getInt(4));
                int len = r.getInt(8);
                byte[] data = in.readNBytes(len);
                long nanosTs = sec * 1_000_000_000L + (nanos ? frac : frac * 1_000);
                int ip = linkHeader;
                if (data.length < ip + 20 || (data[ip] & 0xf0) != 0x40) {
                    continue;
                }
                int udp = ip + (data[ip] & 0x0f) * 4;
                if (data.length < udp + 8 + 8) {
                    continue;
                }
                ByteBuffer d = ByteBuffer.wrap(data);
                int srcPort = d.getShort(udp) & 0xffff;
                long rtpTs = Integer.toUnsignedLong(d.getInt(udp + 8 + 4));
                streams.computeIfAbsent(srcPort, k -> new ArrayList<>()).add(new long[] {nanosTs, rtpTs});
            }
        } finally {
            Files.deleteIfExists(file);
        }
        Histogram deviation = new Histogram(3);
        long late = 0;
        long packets = 0;
        for (List<long[]> s : streams.values()) {
            packets += s.size();
            long minOffset = Long.MAX_VALUE;
            long[] offsets = new long[s.size()];
            long firstTs = s.get(0)[1];
            for (int i = 0; i < s.size(); i++) {
                long arrivalMicros = s.get(i)[0] / 1_000;
                long mediaMicros = ((s.get(i)[1] - firstTs) & 0xffffffffL) * 1_000_000L / clockRate;
                offsets[i] = arrivalMicros - mediaMicros;
                minOffset = Math.min(minOffset, offsets[i]);
                if (i > 0) {
                    long gap = (s.get(i)[0] - s.get(i - 1)[0]) / 1_000;
                    deviation.recordValue(Math.abs(gap - ptimeMicros));
                }
            }
            for (long o : offsets) {
                if (o - minOffset > ptimeMicros) {
                    late++;
                }
            }
        }
        return new Result(streams.size(), packets, deviation, late);
    }

    /** What the capture saw: streams (phones), packets, inter-arrival deviation in µs, late packets. */
    record Result(int streams, long packets, Histogram deviationMicros, long late) {
        String describe() {
            return String.format(java.util.Locale.ROOT, "%d phones, %d packets, inter-arrival dev p50 %d µs p99 %d µs max %d µs, late %d",
                    streams, packets, deviationMicros.getValueAtPercentile(50), deviationMicros.getValueAtPercentile(99),
                    deviationMicros.getMaxValue(), late);
        }
    }
}
