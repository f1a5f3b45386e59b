package dev.dialtone.media.internal.rtp;

import java.net.InetSocketAddress;

/**
 * Who the far end of an RTP session is. Symmetric RTP: we latch onto the address the first packet
 * really came from (NAT) and answer there; packets from other addresses are ignored until the
 * latched one has been silent for {@value #RELATCH_AFTER_MS} ms, so a stray or hostile source cannot
 * take the stream over. SSRC: a new source takes over after {@value #SWITCH_PACKETS} packets in a row
 * or {@value #SWITCH_SILENCE_MS} ms of silence from the current one (a re-INVITE, a media server
 * switching its source). One thread at a time.
 */
public final class RemoteSource {
    public static final long RELATCH_AFTER_MS = 2_000;
    public static final long SWITCH_SILENCE_MS = 200;
    public static final int SWITCH_PACKETS = 3;

    /** What a packet's SSRC means for the session. */
    public enum SsrcVerdict { CURRENT, SWITCHED, IGNORED }

    private InetSocketAddress latched;
    private long lastFromLatchedNanos;
    private long ssrc = -1;
    private long candidate = -1;
    private int candidateRun;
    private long lastCurrentNanos;

    /** Forgets the latched address (the far end's address changed in SDP). */
    public void unlatch() {
        latched = null;
    }

    /** Forgets the SSRC (the codec changed). */
    public void forgetSsrc() {
        ssrc = -1;
    }

    /** Accepts or ignores a packet from {@code from}; the address to send to is {@link #latched()}. */
    public boolean accept(InetSocketAddress from, long nowNanos) {
        if (latched == null || (!from.equals(latched) && nowNanos - lastFromLatchedNanos > RELATCH_AFTER_MS * 1_000_000)) {
            latched = from;
        }
        if (!from.equals(latched)) {
            return false;
        }
        lastFromLatchedNanos = nowNanos;
        return true;
    }

    public InetSocketAddress latched() {
        return latched;
    }

    public SsrcVerdict ssrc(long packetSsrc, long nowNanos) {
        if (packetSsrc == ssrc) {
            candidateRun = 0;
            lastCurrentNanos = nowNanos;
            return SsrcVerdict.CURRENT;
        }
        if (packetSsrc == candidate) {
            candidateRun++;
        } else {
            candidate = packetSsrc;
            candidateRun = 1;
        }
        if (ssrc < 0 || nowNanos - lastCurrentNanos > SWITCH_SILENCE_MS * 1_000_000 || candidateRun >= SWITCH_PACKETS) {
            ssrc = packetSsrc;
            candidate = -1;
            candidateRun = 0;
            lastCurrentNanos = nowNanos;
            return SsrcVerdict.SWITCHED;
        }
        return SsrcVerdict.IGNORED;
    }

    /** The current far-end SSRC, or -1. */
    public long currentSsrc() {
        return ssrc;
    }
}
