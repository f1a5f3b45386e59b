package dev.dialtone.scenario.internal;

import static dev.dialtone.scenario.Conditions.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;
import dev.dialtone.core.SessionId;
import dev.dialtone.scenario.ScenarioEngineConfig;
import dev.dialtone.scenario.ScenarioSource;
import dev.dialtone.scenario.SessionRequest;

/**
 * A worker chosen for a session can die before the session opens on it (killed for another session of the
 * same account a moment earlier: seen once in HostileScriptsIT, whose session then never ended). The session
 * must notice and start on another worker.
 */
class WorkerLossIT {
    private static final String SCRIPT = """
            VoxEngine.addEventListener(AppEvents.Started, function () {
              Logger.write('opened');
              VoxEngine.terminate();
            });""";

    private final Map<SessionId, List<String>> log = new ConcurrentHashMap<>();
    private RealWorkers workers;
    private EngineCore core;

    @BeforeEach
    void start() {
        workers = new RealWorkers(3, ScenarioEngineConfig.DEFAULT_WORKER_THREADS, e -> log.computeIfAbsent(e.session(), k -> new CopyOnWriteArrayList<>()).add(e.text()));
        core = workers.core;
    }

    @AfterEach
    void stop() {
        workers.close();
    }

    @Test
    void aSessionWhoseChosenWorkerDiedBeforeItOpenedStartsOnAnotherWorker() throws Exception {
        SessionRequest request = new SessionRequest(new AccountId(7), new ApplicationId(1), 1,
                List.of(new ScenarioSource("open.js", "v1", SCRIPT)));
        WorkerProcess chosen = core.pool().acquire(request.account()).get(120, TimeUnit.SECONDS);
        chosen.kill("killed by the test");
        // Gone from the pool means its exit was handled: every session it had was told already.
        waitFor(() -> !core.pool().workers().contains(chosen), Duration.ofSeconds(30));

        SessionId id = core.startOn(request, chosen);

        waitFor(() -> log.getOrDefault(id, List.of()).contains("session terminated"), Duration.ofSeconds(120));
        assertThat(log.get(id)).contains("opened");
        assertThat(chosen.sessions).isEmpty();
    }
}
