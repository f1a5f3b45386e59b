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
    /** 20 ms frames encoded: by an endpoint for itself, or once by a conference for its listen-only listeners. */
    long framesEncoded;
    /** Packets sent with a conference's shared encoding instead of an encoding of their own. */
    long framesShared;
    /** 20 ms frames of silence not sent (silence suppression). */
    long framesSuppressed;
}
