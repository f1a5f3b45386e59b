package dev.dialtone.scenario.internal;

import static dev.dialtone.scenario.Conditions.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;
import dev.dialtone.core.Scheduler;
import dev.dialtone.scenario.ConferenceDirectory;
import dev.dialtone.scenario.ConferenceRoutes;
import dev.dialtone.scenario.ScenarioEngineConfig;
import dev.dialtone.scenario.ScenarioServices;
import dev.dialtone.scenario.ScenarioSource;
import dev.dialtone.scenario.SessionRequest;
import dev.dialtone.scenario.testing.CannedHttp;
import dev.dialtone.scenario.testing.RecordingMediaServices;
import dev.dialtone.scenario.testing.Timeline;

/** The engine's reading of how far behind its workers are ({@code ScenarioEngine.callbackDelayNanos}), for real. */
class CallbackDelayIT {
    /** Each session's first callback keeps the worker busy for 10 ms. */
    private static final String SCRIPT = """
            VoxEngine.addEventListener(AppEvents.Started, function () {
              var until = Date.now() + 10;
              while (Date.now() < until) { }
              VoxEngine.terminate();
            });""";

    private ScheduledExecutorService executor;
    private EngineCore core;

    @BeforeEach
    void start() {
        executor = Executors.newScheduledThreadPool(1);
        Scheduler scheduler = Scheduler.system(executor);
        Timeline timeline = new Timeline(System::nanoTime);
        ConferenceRoutes noRoutes = (a, app, d) -> CompletableFuture.completedFuture(Optional.empty());
        core = new EngineCore(ScenarioEngineConfig.defaults().toBuilder().warmWorkers(1).maxWorkers(1).build(),
                new ScenarioServices(scheduler, c -> { throw new UnsupportedOperationException(); },
                        new RecordingMediaServices(scheduler, timeline), noRoutes, ConferenceDirectory.inMemory(),
                        e -> { }, new CannedHttp(timeline)));
    }

    @AfterEach
    void stop() {
        core.close();
        executor.shutdownNow();
    }

    @Test
    void aBacklogOfCallbacksShowsAsAStandingDelayThatClearsWhenItDrains() throws Exception {
        SessionRequest request = new SessionRequest(new AccountId(7), new ApplicationId(1), 1,
                List.of(new ScenarioSource("busy.js", "v1", SCRIPT)));
        // One session alone first, so that the worker is up and the reading starts from a quiet node.
        core.startFromHttp(request);
        waitFor(() -> core.liveSessionCount() == 0, Duration.ofSeconds(120));
        assertThat(core.callbackDelayNanos()).as("a quiet node").isZero();

        for (int i = 0; i < 300; i++) {
            core.startFromHttp(request);
        }
        long highest = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (core.liveSessionCount() > 0 && System.nanoTime() < deadline) {
            highest = Math.max(highest, core.callbackDelayNanos());
            Thread.sleep(5);
        }
        assertThat(core.liveSessionCount()).as("sessions still live").isZero();
        // 300 sessions of 10 ms each on one worker: at least 1.5 s of work queued at once, so the later ones
        // waited far longer than 100 ms, and whole windows of them did.
        assertThat(highest / 1_000_000).as("highest standing delay seen, ms").isGreaterThanOrEqualTo(100);

        Thread.sleep(600);
        assertThat(core.callbackDelayNanos()).as("after the backlog drained").isZero();
    }
}
