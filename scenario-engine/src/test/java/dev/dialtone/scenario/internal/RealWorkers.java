package dev.dialtone.scenario.internal;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import dev.dialtone.core.Scheduler;
import dev.dialtone.scenario.ConferenceDirectory;
import dev.dialtone.scenario.ConferenceRoutes;
import dev.dialtone.scenario.ScenarioEngineConfig;
import dev.dialtone.scenario.ScenarioServices;
import dev.dialtone.scenario.SessionLogSink;
import dev.dialtone.scenario.testing.CannedHttp;
import dev.dialtone.scenario.testing.RecordingMediaServices;
import dev.dialtone.scenario.testing.Timeline;

/**
 * An engine core on real sandbox workers (one warm, at most {@code maxWorkers}, each with {@code threads} callback
 * threads), with recorded media, canned HTTP and no outbound calls or conference routes: for tests of the engine's
 * own machinery.
 */
final class RealWorkers implements AutoCloseable {
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(1);
    final EngineCore core;

    RealWorkers(int maxWorkers, int threads, SessionLogSink log) {
        Scheduler scheduler = Scheduler.system(executor);
        Timeline timeline = new Timeline(System::nanoTime);
        ConferenceRoutes noRoutes = (a, app, d) -> CompletableFuture.completedFuture(Optional.empty());
        core = new EngineCore(ScenarioEngineConfig.defaults().toBuilder().warmWorkers(1).maxWorkers(maxWorkers)
                        .workerThreads(threads).build(),
                new ScenarioServices(scheduler, c -> { throw new UnsupportedOperationException(); },
                        new RecordingMediaServices(scheduler, timeline), noRoutes, ConferenceDirectory.inMemory(), log,
                        new CannedHttp(timeline)));
    }

    @Override
    public void close() {
        core.close();
        executor.shutdownNow();
    }
}
