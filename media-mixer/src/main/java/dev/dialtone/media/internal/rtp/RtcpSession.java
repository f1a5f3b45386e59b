package dev.dialtone.media.internal.rtp;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTCP side of one RTP session (RFC 3550 section 6): sends SR (if we sent RTP since the last
 * report) or RR, each with SDES CNAME, at a randomised interval (0.5 to 1.5 times the configured
 * one, section 6.3.1), BYE when the session ends; reads the far end's reports to keep the round-trip
 * time (section 6.4.1, LSR/DLSR). Used by one thread at a time.
 */
public final class RtcpSession {
    private static final Logger LOG = LoggerFactory.getLogger(RtcpSession.class);
    private static final long NTP_EPOCH_OFFSET_SECONDS = 2_208_988_800L;

    private final long ssrc;
    private final String cname;
    private final long intervalNanos;
    private final Clock wallClock;
    private long nextReportNanos;
    private long lastSrMiddle;
    private long lastSrArrivalNanos;
    private double roundTripMillis = -1;
    private long sentAtLastReport;
    private boolean byeReceived;

    public RtcpSession(long ssrc, String cname, long intervalNanos, Clock wallClock) {
        this.ssrc = ssrc;
        this.cname = cname;
        this.intervalNanos = intervalNanos;
        this.wallClock = wallClock;
    }

    /** Schedules the first report half an interval from now. */
    public void start(long nowNanos) {
        if (nextReportNanos == 0) {
            nextReportNanos = nowNanos + intervalNanos / 2;
        }
    }

    public boolean due(long nowNanos) {
        return nextReportNanos != 0 && nowNanos >= nextReportNanos;
    }

    /**
     * Builds the compound report: SR or RR, a report block about {@code remote} when we receive one,
     * SDES CNAME, and BYE if {@code bye}.
     */
    public byte[] report(long nowNanos, long rtpTimestamp, long packetsSent, long octetsSent,
                         ReceptionStatistics remote, long remoteSsrc, boolean bye) {
        double jitter = 0.5 + ThreadLocalRandom.current().nextDouble();
        nextReportNanos = nowNanos + (long) (intervalNanos * jitter);
        List<RtcpPacket.ReportBlock> blocks = new ArrayList<>(1);
        if (remote != null && remote.started() && remoteSsrc >= 0) {
            long dlsr = lastSrMiddle == 0 ? 0 : (nowNanos - lastSrArrivalNanos) * 65_536 / 1_000_000_000L;
            blocks.add(remote.reportBlock(remoteSsrc, lastSrMiddle, dlsr & 0xFFFF_FFFFL));
        }
        List<RtcpPacket> packets = new ArrayList<>(3);
        if (packetsSent > sentAtLastReport) {
            packets.add(new RtcpPacket.SenderReport(ssrc, ntpNow(), rtpTimestamp & 0xFFFF_FFFFL,
                    packetsSent & 0xFFFF_FFFFL, octetsSent & 0xFFFF_FFFFL, blocks));
        } else {
            packets.add(new RtcpPacket.ReceiverReport(ssrc, blocks));
        }
        sentAtLastReport = packetsSent;
        packets.add(new RtcpPacket.SourceDescription(List.of(new RtcpPacket.SourceDescription.Chunk(ssrc, cname))));
        if (bye) {
            packets.add(new RtcpPacket.Bye(List.of(ssrc), Optional.empty()));
        }
        return RtcpPacket.writeCompound(packets);
    }

    /** Reads an incoming compound packet; malformed ones are ignored (and returned as false). */
    public boolean receive(byte[] data, int offset, int length, long nowNanos) {
        List<RtcpPacket> packets;
        try {
            packets = RtcpPacket.parseCompound(data, offset, length);
        } catch (MalformedPacketException e) {
            return false;
        }
        for (RtcpPacket p : packets) {
            switch (p) {
                case RtcpPacket.SenderReport sr -> {
                    lastSrMiddle = (sr.ntpTimestamp() >>> 16) & 0xFFFF_FFFFL;
                    lastSrArrivalNanos = nowNanos;
                    readBlocks(sr.reports());
                }
                case RtcpPacket.ReceiverReport rr -> readBlocks(rr.reports());
                case RtcpPacket.Bye bye -> {
                    byeReceived = true;
                    LOG.debug("RTCP BYE from ssrc {}", bye.ssrcs());
                }
                default -> {
                    // SDES, APP, feedback: nothing to do
                }
            }
        }
        return true;
    }

    private void readBlocks(List<RtcpPacket.ReportBlock> blocks) {
        for (RtcpPacket.ReportBlock b : blocks) {
            if (b.ssrc() == ssrc && b.lastSenderReport() != 0) {
                long now = (ntpNow() >>> 16) & 0xFFFF_FFFFL;
                long rtt = (now - b.lastSenderReport() - b.delaySinceLastSenderReport()) & 0xFFFF_FFFFL;
                if (rtt < 65_536L * 10) {
                    roundTripMillis = rtt * 1000.0 / 65_536;
                }
            }
        }
    }

    private long ntpNow() {
        long millis = wallClock.millis();
        long seconds = millis / 1000 + NTP_EPOCH_OFFSET_SECONDS;
        long fraction = ((millis % 1000) << 32) / 1000;
        return (seconds << 32) | fraction;
    }

    public double roundTripMillis() {
        return roundTripMillis;
    }

    public boolean byeReceived() {
        return byeReceived;
    }
}
