package dev.dialtone.media.internal.graph;

/** Plain counters a mixer thread bumps per packet, flushed to Micrometer every second. */
final class ShardCounters {
    long packetsIn;
    long packetsOut;
    long packetsDropped;
    long concealedFrames;
    long latePackets;
    long droppedFrames;
    long sendFailures;
}
