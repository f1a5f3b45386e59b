package dev.dialtone.media.testing;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.dialtone.core.Scheduler;
import dev.dialtone.media.MediaConfig;
import dev.dialtone.media.MediaEngine;
import dev.dialtone.media.PortRange;

/**
 * A real media engine for tests: RTP on 127.0.0.1 with ephemeral ports, two mixer threads, the real
 * clock. Close it (and its scheduler goes too).
 */
public final class LoopbackMediaEngine implements AutoCloseable {
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MediaEngine engine;

    private LoopbackMediaEngine(Path dataDir, UnaryOperator<MediaConfig.Builder> customise) {
        MediaConfig.Builder b = MediaConfig.builder()
                .rtpPorts(PortRange.EPHEMERAL)
                .rtpBindAddress(InetAddress.getLoopbackAddress())
                .mixerThreads(2)
                .dataDir(dataDir);
        engine = MediaEngine.create(customise.apply(b).build(), Scheduler.system(timers), registry);
    }

    public static LoopbackMediaEngine create(Path dataDir) {
        return new LoopbackMediaEngine(dataDir, b -> b);
    }

    public static LoopbackMediaEngine create(Path dataDir, UnaryOperator<MediaConfig.Builder> customise) {
        return new LoopbackMediaEngine(dataDir, customise);
    }

    public MediaEngine engine() {
        return engine;
    }

    public SimpleMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        MediaEngine.TickLateness t = engine.tickLateness();
        System.out.printf("media engine ticks: %d, lateness p50 %s p99 %s max %s, skipped %d%n", t.ticks(), t.p50(),
                t.p99(), t.max(), t.skipped());
        engine.close();
        timers.shutdownNow();
    }
}
