package dev.dialtone.media.internal.rtp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The RTCP packets this engine understands (RFC 3550 section 6.4-6.6); anything else in a compound
 * packet is kept as {@link Other} and ignored. {@link #parseCompound} and {@link #writeCompound}
 * convert whole UDP datagrams.
 */
public sealed interface RtcpPacket {
    int SR = 200;
    int RR = 201;
    int SDES = 202;
    int BYE = 203;

    /** One reception report block (RFC 3550 section 6.4.1). Times are in 1/65536 s, jitter in RTP units. */
    record ReportBlock(long ssrc, int fractionLost, int cumulativeLost, long highestSequence, long jitter,
                       long lastSenderReport, long delaySinceLastSenderReport) {
    }

    /** SR: sender info plus reception reports (section 6.4.1). */
    record SenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount,
                        List<ReportBlock> reports) implements RtcpPacket {
        public SenderReport {
            reports = List.copyOf(reports);
        }
    }

    /** RR: reception reports only (section 6.4.2). */
    record ReceiverReport(long ssrc, List<ReportBlock> reports) implements RtcpPacket {
        public ReceiverReport {
            reports = List.copyOf(reports);
        }
    }

    /** SDES with the CNAME item of each chunk (section 6.5); other items are skipped. */
    record SourceDescription(List<Chunk> chunks) implements RtcpPacket {
        public record Chunk(long ssrc, String cname) {
        }

        public SourceDescription {
            chunks = List.copyOf(chunks);
        }
    }

    /** BYE (section 6.6). */
    record Bye(List<Long> ssrcs, Optional<String> reason) implements RtcpPacket {
        public Bye {
            ssrcs = List.copyOf(ssrcs);
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A packet type we do not interpret (APP, XR, feedback...). */
    record Other(int packetType) implements RtcpPacket {
    }

    static List<RtcpPacket> parseCompound(byte[] d, int offset, int length) throws MalformedPacketException {
        List<RtcpPacket> out = new ArrayList<>(3);
        int pos = offset;
        int end = offset + length;
        while (pos < end) {
            if (end - pos < 4) {
                throw new MalformedPacketException("truncated RTCP header");
            }
            int b0 = d[pos] & 0xFF;
            if ((b0 >> 6) != 2) {
                throw new MalformedPacketException("RTCP version is not 2");
            }
            int count = b0 & 0x1F;
            int type = d[pos + 1] & 0xFF;
            int words = Bytes.u16(d, pos + 2);
            int packetEnd = pos + 4 * (words + 1);
            if (packetEnd > end) {
                throw new MalformedPacketException("RTCP length runs past the datagram");
            }
            int bodyEnd = packetEnd;
            if ((b0 & 0x20) != 0) {
                int pad = d[packetEnd - 1] & 0xFF;
                if (pad == 0 || pad > packetEnd - pos - 4) {
                    throw new MalformedPacketException("invalid RTCP padding");
                }
                bodyEnd -= pad;
            }
            out.add(switch (type) {
                case SR -> parseSr(d, pos, bodyEnd, count);
                case RR -> parseRr(d, pos, bodyEnd, count);
                case SDES -> parseSdes(d, pos + 4, bodyEnd, count);
                case BYE -> parseBye(d, pos + 4, bodyEnd, count);
                default -> new Other(type);
            });
            pos = packetEnd;
        }
        if (out.isEmpty()) {
            throw new MalformedPacketException("empty RTCP datagram");
        }
        return out;
    }

    private static SenderReport parseSr(byte[] d, int pos, int end, int count) throws MalformedPacketException {
        if (end - pos < 28 + 24 * count) {
            throw new MalformedPacketException("SR too short");
        }
        long ssrc = Bytes.u32(d, pos + 4);
        long ntp = (Bytes.u32(d, pos + 8) << 32) | Bytes.u32(d, pos + 12);
        return new SenderReport(ssrc, ntp, Bytes.u32(d, pos + 16), Bytes.u32(d, pos + 20), Bytes.u32(d, pos + 24),
                blocks(d, pos + 28, count));
    }

    private static ReceiverReport parseRr(byte[] d, int pos, int end, int count) throws MalformedPacketException {
        if (end - pos < 8 + 24 * count) {
            throw new MalformedPacketException("RR too short");
        }
        return new ReceiverReport(Bytes.u32(d, pos + 4), blocks(d, pos + 8, count));
    }

    private static List<ReportBlock> blocks(byte[] d, int pos, int count) {
        List<ReportBlock> blocks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int p = pos + 24 * i;
            int lost = Bytes.u24(d, p + 5);
            if ((lost & 0x80_0000) != 0) {
                lost |= 0xFF00_0000; // 24-bit signed
            }
            blocks.add(new ReportBlock(Bytes.u32(d, p), d[p + 4] & 0xFF, lost, Bytes.u32(d, p + 8),
                    Bytes.u32(d, p + 12), Bytes.u32(d, p + 16), Bytes.u32(d, p + 20)));
        }
        return blocks;
    }

    private static SourceDescription parseSdes(byte[] d, int pos, int end, int count) throws MalformedPacketException {
        List<SourceDescription.Chunk> chunks = new ArrayList<>(count);
        for (int c = 0; c < count; c++) {
            if (end - pos < 4) {
                throw new MalformedPacketException("SDES chunk truncated");
            }
            long ssrc = Bytes.u32(d, pos);
            pos += 4;
            String cname = "";
            while (true) {
                if (pos >= end) {
                    throw new MalformedPacketException("SDES items run past the packet");
                }
                int item = d[pos] & 0xFF;
                if (item == 0) {
                    pos++;
                    pos = (pos + 3) & ~3; // chunks end on a 32-bit boundary
                    break;
                }
                if (pos + 2 > end || pos + 2 + (d[pos + 1] & 0xFF) > end) {
                    throw new MalformedPacketException("SDES item runs past the packet");
                }
                int len = d[pos + 1] & 0xFF;
                if (item == 1) {
                    cname = new String(d, pos + 2, len, StandardCharsets.UTF_8);
                }
                pos += 2 + len;
            }
            chunks.add(new SourceDescription.Chunk(ssrc, cname));
        }
        return new SourceDescription(chunks);
    }

    private static Bye parseBye(byte[] d, int pos, int end, int count) throws MalformedPacketException {
        if (end - pos < 4 * count) {
            throw new MalformedPacketException("BYE too short");
        }
        List<Long> ssrcs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ssrcs.add(Bytes.u32(d, pos + 4 * i));
        }
        pos += 4 * count;
        Optional<String> reason = Optional.empty();
        if (pos < end) {
            int len = d[pos] & 0xFF;
            if (pos + 1 + len > end) {
                throw new MalformedPacketException("BYE reason runs past the packet");
            }
            reason = Optional.of(new String(d, pos + 1, len, StandardCharsets.UTF_8));
        }
        return new Bye(ssrcs, reason);
    }

    /** Serialises a compound packet (no padding, no encryption prefix). */
    static byte[] writeCompound(List<RtcpPacket> packets) {
        byte[] buf = new byte[1500];
        int pos = 0;
        for (RtcpPacket p : packets) {
            pos = write(p, buf, pos);
        }
        byte[] out = new byte[pos];
        System.arraycopy(buf, 0, out, 0, pos);
        return out;
    }

    private static int write(RtcpPacket p, byte[] b, int start) {
        int pos = start + 4;
        int count;
        int type;
        switch (p) {
            case SenderReport sr -> {
                type = SR;
                count = sr.reports().size();
                Bytes.putU32(b, pos, sr.ssrc());
                Bytes.putU32(b, pos + 4, sr.ntpTimestamp() >>> 32);
                Bytes.putU32(b, pos + 8, sr.ntpTimestamp() & 0xFFFF_FFFFL);
                Bytes.putU32(b, pos + 12, sr.rtpTimestamp());
                Bytes.putU32(b, pos + 16, sr.packetCount());
                Bytes.putU32(b, pos + 20, sr.octetCount());
                pos = writeBlocks(b, pos + 24, sr.reports());
            }
            case ReceiverReport rr -> {
                type = RR;
                count = rr.reports().size();
                Bytes.putU32(b, pos, rr.ssrc());
                pos = writeBlocks(b, pos + 4, rr.reports());
            }
            case SourceDescription sdes -> {
                type = SDES;
                count = sdes.chunks().size();
                for (SourceDescription.Chunk c : sdes.chunks()) {
                    Bytes.putU32(b, pos, c.ssrc());
                    byte[] name = c.cname().getBytes(StandardCharsets.UTF_8);
                    int len = Math.min(255, name.length);
                    b[pos + 4] = 1;
                    b[pos + 5] = (byte) len;
                    System.arraycopy(name, 0, b, pos + 6, len);
                    pos += 6 + len;
                    b[pos++] = 0; // end of items, then pad to 32 bits
                    while ((pos - start) % 4 != 0) {
                        b[pos++] = 0;
                    }
                }
            }
            case Bye bye -> {
                type = BYE;
                count = bye.ssrcs().size();
                for (long s : bye.ssrcs()) {
                    Bytes.putU32(b, pos, s);
                    pos += 4;
                }
                if (bye.reason().isPresent()) {
                    byte[] r = bye.reason().get().getBytes(StandardCharsets.UTF_8);
                    int len = Math.min(255, r.length);
                    b[pos] = (byte) len;
                    System.arraycopy(r, 0, b, pos + 1, len);
                    pos += 1 + len;
                    while ((pos - start) % 4 != 0) {
                        b[pos++] = 0;
                    }
                }
            }
            case Other o -> throw new IllegalArgumentException("cannot write RTCP packet type " + o.packetType());
        }
        b[start] = (byte) (0x80 | count);
        b[start + 1] = (byte) type;
        Bytes.putU16(b, start + 2, (pos - start) / 4 - 1);
        return pos;
    }

    private static int writeBlocks(byte[] b, int pos, List<ReportBlock> blocks) {
        for (ReportBlock r : blocks) {
            Bytes.putU32(b, pos, r.ssrc());
            b[pos + 4] = (byte) r.fractionLost();
            int lost = Math.max(-0x80_0000, Math.min(0x7F_FFFF, r.cumulativeLost()));
            b[pos + 5] = (byte) (lost >> 16);
            b[pos + 6] = (byte) (lost >> 8);
            b[pos + 7] = (byte) lost;
            Bytes.putU32(b, pos + 8, r.highestSequence());
            Bytes.putU32(b, pos + 12, r.jitter());
            Bytes.putU32(b, pos + 16, r.lastSenderReport());
            Bytes.putU32(b, pos + 20, r.delaySinceLastSenderReport());
            pos += 24;
        }
        return pos;
    }
}
