package dev.dialtone.pstn.testing;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.dialtone.core.Scheduler;
import dev.dialtone.media.testing.LoopbackMediaEngine;
import dev.dialtone.pstn.CallRecordSink;
import dev.dialtone.pstn.InboundRouter;
import dev.dialtone.pstn.OutboundTrunks;
import dev.dialtone.pstn.PstnConfig;
import dev.dialtone.pstn.PstnConnector;
import dev.dialtone.pstn.PstnServices;

/**
 * A real connector for tests: SIP on 127.0.0.1 with a free port (UDP and TCP), real RTP through a
 * loopback media engine, the real clock. Close it to stop everything.
 */
public final class TestConnector implements AutoCloseable {
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon(true).name("test-timers").factory());
    private final LoopbackMediaEngine media;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PstnConnector connector;

    private TestConnector(Path dataDir, InboundRouter router, OutboundTrunks trunks, CallRecordSink records,
                          UnaryOperator<PstnConfig.Builder> customise) throws Exception {
        media = LoopbackMediaEngine.create(dataDir);
        InetAddress lo = InetAddress.getLoopbackAddress();
        PstnConfig config = customise.apply(PstnConfig.builder().bindAddress(lo).advertisedAddress(lo).port(0)).build();
        try {
            connector = PstnConnector.start(config, new PstnServices(router, trunks, records), media.engine(),
                    Scheduler.system(timers), registry);
        } catch (Exception e) {
            media.close();
            timers.shutdownNow();
            throw e;
        }
    }

    public static TestConnector start(Path dataDir, InboundRouter router, CallRecordSink records) throws Exception {
        return new TestConnector(dataDir, router, (a, b) -> Optional.empty(), records, b -> b);
    }

    public static TestConnector start(Path dataDir, InboundRouter router, OutboundTrunks trunks, CallRecordSink records,
                                      UnaryOperator<PstnConfig.Builder> customise) throws Exception {
        return new TestConnector(dataDir, router, trunks, records, customise);
    }

    public PstnConnector connector() {
        return connector;
    }

    public String target() {
        return "127.0.0.1:" + connector.port();
    }

    public LoopbackMediaEngine media() {
        return media;
    }

    public SimpleMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        connector.close();
        media.close();
        timers.shutdownNow();
    }
}
