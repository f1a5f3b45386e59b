package dev.dialtone.scenario.internal;

import static dev.dialtone.scenario.Conditions.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;
import dev.dialtone.scenario.ScenarioSource;
import dev.dialtone.scenario.SessionRequest;

/** The engine's reading of how far behind its workers are ({@code ScenarioEngine.callbackDelayNanos}), for real. */
class CallbackDelayIT {
    /** Each session's first callback keeps the worker's one callback thread busy for 20 ms. */
    private static final String SCRIPT = """
            VoxEngine.addEventListener(AppEvents.Started, function () {
              var until = Date.now() + 20;
              while (Date.now() < until) { }
              VoxEngine.terminate();
            });""";

    private RealWorkers workers;
    private EngineCore core;

    @BeforeEach
    void start() {
        workers = new RealWorkers(1, 1, e -> { });
        core = workers.core;
    }

    @AfterEach
    void stop() {
        workers.close();
    }

    @Test
    void aBacklogOfCallbacksShowsAsAStandingDelayThatClearsWhenItDrains() throws Exception {
        SessionRequest request = new SessionRequest(new AccountId(7), new ApplicationId(1), 1,
                List.of(new ScenarioSource("busy.js", "v1", SCRIPT)));
        // One session alone first, so that the worker is up and the reading starts from a quiet node.
        core.startFromHttp(request);
        waitFor(() -> core.liveSessionCount() == 0, Duration.ofSeconds(120));
        assertThat(core.callbackDelayNanos()).as("a quiet node").isZero();

        for (int i = 0; i < 150; i++) {
            core.startFromHttp(request);
        }
        long highest = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (core.liveSessionCount() > 0 && System.nanoTime() < deadline) {
            highest = Math.max(highest, core.callbackDelayNanos());
            Thread.sleep(5);
        }
        assertThat(core.liveSessionCount()).as("sessions still live").isZero();
        // 150 sessions of 20 ms each on one callback thread, started faster than it runs them (50 a second): 3 s of
        // work queued, so whole windows of callbacks waited far longer than 100 ms.
        assertThat(highest / 1_000_000).as("highest standing delay seen, ms").isGreaterThanOrEqualTo(100);

        Thread.sleep(600);
        assertThat(core.callbackDelayNanos()).as("after the backlog drained").isZero();
    }
}
