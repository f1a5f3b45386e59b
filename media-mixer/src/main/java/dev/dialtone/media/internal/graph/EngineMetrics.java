package dev.dialtone.media.internal.graph;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The engine's meters ({@code dialtone.media.*}). Mixer threads count in plain fields and flush here
 * once a second, so the per-packet cost is an increment.
 */
public final class EngineMetrics {
    private final Timer tickLateness;
    private final Counter packetsIn;
    private final Counter packetsOut;
    private final Counter framesEncoded;
    private final Counter framesShared;
    private final Counter framesSuppressed;
    private final Counter packetsDropped;
    private final Counter concealed;
    private final Counter late;
    private final Counter droppedFrames;
    private final Counter sendFailures;
    private final DistributionSummary jitterDepth;

    public EngineMetrics(MeterRegistry registry) {
        tickLateness = Timer.builder("dialtone.media.tick.lateness")
                .description("how late each 20 ms mixer tick started")
                .publishPercentiles(0.5, 0.99)
                .distributionStatisticExpiry(Duration.ofMinutes(1))
                .register(registry);
        packetsIn = Counter.builder("dialtone.media.rtp.packets").tag("direction", "in").register(registry);
        packetsOut = Counter.builder("dialtone.media.rtp.packets").tag("direction", "out").register(registry);
        packetsDropped = Counter.builder("dialtone.media.rtp.dropped")
                .description("RTP packets ignored: malformed, unknown payload type or from an unlatched address")
                .register(registry);
        concealed = Counter.builder("dialtone.media.jitter.concealed")
                .description("20 ms frames invented for lost or late packets").register(registry);
        late = Counter.builder("dialtone.media.jitter.late")
                .description("packets that arrived after their playout time").register(registry);
        droppedFrames = Counter.builder("dialtone.media.jitter.dropped")
                .description("frames dropped to shrink the buffer (fast sender clock)").register(registry);
        sendFailures = Counter.builder("dialtone.media.rtp.send.failures").register(registry);
        framesEncoded = Counter.builder("dialtone.media.frames.encoded")
                .description("20 ms frames encoded, by an endpoint for itself or once by a conference for all its "
                        + "listen-only listeners").register(registry);
        framesShared = Counter.builder("dialtone.media.frames.shared")
                .description("packets sent with a conference's shared encoding of its mix").register(registry);
        framesSuppressed = Counter.builder("dialtone.media.frames.suppressed")
                .description("20 ms frames of silence not sent (silence-suppression)").register(registry);
        jitterDepth = DistributionSummary.builder("dialtone.media.jitter.depth").baseUnit("milliseconds")
                .description("jitter buffer depth, sampled once a second per endpoint")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    void tickLateness(long nanos) {
        tickLateness.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    void jitterDepth(int millis) {
        jitterDepth.record(millis);
    }

    void flush(ShardCounters c) {
        packetsIn.increment(c.packetsIn);
        packetsOut.increment(c.packetsOut);
        packetsDropped.increment(c.packetsDropped);
        concealed.increment(c.concealedFrames);
        late.increment(c.latePackets);
        droppedFrames.increment(c.droppedFrames);
        sendFailures.increment(c.sendFailures);
        framesEncoded.increment(c.framesEncoded);
        framesShared.increment(c.framesShared);
        framesSuppressed.increment(c.framesSuppressed);
        c.framesEncoded = 0;
        c.framesShared = 0;
        c.framesSuppressed = 0;
        c.packetsIn = 0;
        c.packetsOut = 0;
        c.packetsDropped = 0;
        c.concealedFrames = 0;
        c.latePackets = 0;
        c.droppedFrames = 0;
        c.sendFailures = 0;
    }
}
