package dev.dialtone.media.internal.rtp;

/**
 * Per-source reception state of RFC 3550 appendix A: extended highest sequence number with
 * wrap-around and restart detection (A.1), packets expected and lost (A.3), interarrival jitter
 * (A.8). Fed with every accepted RTP packet of the current source.
 */
public final class ReceptionStatistics {
    private static final int MAX_DROPOUT = 3000;
    private static final int MAX_MISORDER = 100;

    private boolean started;
    private int maxSeq;
    private long cycles;
    private long baseSeq;
    private int badSeq = -1;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    private double jitter;          // in RTP timestamp units
    private long lastTransit;
    private boolean haveTransit;
    private final int clockRate;

    public ReceptionStatistics(int clockRate) {
        this.clockRate = clockRate;
    }

    /** Restarts for a new source (SSRC change). */
    public void reset() {
        started = false;
        cycles = 0;
        received = 0;
        expectedPrior = 0;
        receivedPrior = 0;
        jitter = 0;
        haveTransit = false;
        badSeq = -1;
    }

    /**
     * Records one packet; returns false when the sequence number jumped so far that the packet was
     * not counted (a second packet continuing from it restarts the counting, as A.1 describes).
     */
    public boolean update(int seq, long rtpTimestamp, long arrivalNanos) {
        if (!started) {
            started = true;
            maxSeq = seq;
            baseSeq = seq;
            received = 1;
            updateJitter(rtpTimestamp, arrivalNanos);
            return true;
        }
        int delta = (seq - maxSeq) & 0xFFFF;
        if (delta < MAX_DROPOUT) {
            if (seq < maxSeq) {
                cycles += 1 << 16;
            }
            maxSeq = seq;
        } else if (delta <= 0x10000 - MAX_MISORDER) {
            if (seq == badSeq) {
                // Two sequential packets after a big jump: the source restarted.
                long keepJitter = Math.round(jitter);
                reset();
                started = true;
                maxSeq = seq;
                baseSeq = seq;
                jitter = keepJitter;
            } else {
                badSeq = (seq + 1) & 0xFFFF;
                return false;
            }
        }
        // else: duplicate or reordered packet, counted but does not move maxSeq
        received++;
        updateJitter(rtpTimestamp, arrivalNanos);
        return true;
    }

    private void updateJitter(long rtpTimestamp, long arrivalNanos) {
        long arrivalUnits = arrivalNanos / (1_000_000_000L / clockRate);
        long transit = arrivalUnits - rtpTimestamp;
        if (haveTransit) {
            long d = Math.abs(transit - lastTransit);
            if (d < clockRate * 10L) { // ignore timestamp jumps (new talkspurt base) for jitter
                jitter += (d - jitter) / 16.0;
            }
        }
        lastTransit = transit;
        haveTransit = true;
    }

    public long extendedHighestSequence() {
        return cycles + maxSeq;
    }

    public long expected() {
        return started ? extendedHighestSequence() - baseSeq + 1 : 0;
    }

    public long received() {
        return received;
    }

    public long lost() {
        return Math.max(0, expected() - received);
    }

    public double jitterUnits() {
        return jitter;
    }

    public double jitterMillis() {
        return jitter * 1000.0 / clockRate;
    }

    /** Builds a report block and advances the "since last report" counters (A.3). */
    public RtcpPacket.ReportBlock reportBlock(long ssrc, long lastSr, long delaySinceLastSr) {
        long expected = expected();
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        long cumulative = expected - received;
        return new RtcpPacket.ReportBlock(ssrc, Math.min(255, fraction),
                (int) Math.max(-0x80_0000, Math.min(0x7F_FFFF, cumulative)), extendedHighestSequence() & 0xFFFF_FFFFL,
                Math.round(jitter) & 0xFFFF_FFFFL, lastSr, delaySinceLastSr);
    }

    public boolean started() {
        return started;
    }
}
