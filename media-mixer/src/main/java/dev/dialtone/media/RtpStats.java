package dev.dialtone.media;

/**
 * Counters of one RTP endpoint, a snapshot.
 *
 * @param packetsReceived  RTP packets accepted (audio and telephone-event)
 * @param packetsSent      RTP packets sent
 * @param packetsLost      expected minus received, from sequence numbers (RFC 3550 A.3)
 * @param jitterMs         interarrival jitter estimate (RFC 3550 A.8)
 * @param concealedFrames  20 ms frames the jitter buffer had to invent (loss or late arrival)
 * @param latePackets      packets that arrived after their playout time and were dropped
 * @param jitterBufferMs   current target depth of the jitter buffer
 * @param roundTripMs      from the far end's RTCP reports, -1 if unknown
 */
public record RtpStats(long packetsReceived, long packetsSent, long packetsLost, double jitterMs,
                       long concealedFrames, long latePackets, int jitterBufferMs, double roundTripMs) {
}
